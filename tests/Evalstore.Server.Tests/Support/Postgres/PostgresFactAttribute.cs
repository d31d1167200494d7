using System.Runtime.CompilerServices;

namespace Evalstore.Server.Tests.Support.Postgres;

/// <summary>
/// A fact that needs PostgreSQL: skipped at run time (xunit v3's <c>SkipWhen</c>) only on a developer box without it,
/// never under CI=true. Tests that get their store from <see cref="PostgresDatabase"/> need no attribute: asking it for
/// a schema skips the test the same way.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = PostgresAvailability.SkipMessage;
        SkipType = typeof(PostgresAvailability);
        SkipWhen = nameof(PostgresAvailability.Unavailable);
    }
}

/// <summary>The theory counterpart of <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = PostgresAvailability.SkipMessage;
        SkipType = typeof(PostgresAvailability);
        SkipWhen = nameof(PostgresAvailability.Unavailable);
    }
}
