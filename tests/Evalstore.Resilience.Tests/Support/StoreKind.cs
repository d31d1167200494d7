namespace Evalstore.Resilience.Tests.Support;

/// <summary>The two stores every resilience test runs on.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}
