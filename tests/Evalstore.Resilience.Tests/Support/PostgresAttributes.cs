using System.Runtime.CompilerServices;

namespace Evalstore.Resilience.Tests.Support;

/// <summary>A fact that needs PostgreSQL: skipped at run time only on a developer box without it, never under CI=true.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = Postgres.SkipMessage;
        SkipType = typeof(Postgres);
        SkipWhen = nameof(Postgres.Unavailable);
    }
}

/// <summary>The theory counterpart of <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = Postgres.SkipMessage;
        SkipType = typeof(Postgres);
        SkipWhen = nameof(Postgres.Unavailable);
    }
}
