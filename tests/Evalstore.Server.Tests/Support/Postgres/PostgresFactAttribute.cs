namespace Evalstore.Server.Tests.Support.Postgres;

/// <summary>A fact that needs PostgreSQL: skipped (with the reason) only on a developer box without it, never under CI=true.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresAvailability.SkipReason is { } reason)
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
        if (PostgresAvailability.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
