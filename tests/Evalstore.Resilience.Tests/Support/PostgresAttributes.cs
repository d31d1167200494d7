namespace Evalstore.Resilience.Tests.Support;

/// <summary>A fact that needs PostgreSQL: skipped (with the reason) only on a developer box without it, never under CI=true.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Postgres.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs PostgreSQL: skipped (with the reason) only on a developer box without it, never under CI=true.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (Postgres.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
