using Xunit.Abstractions;
using Xunit.Sdk;

namespace Evalstore.Server.Tests.Support.Postgres;

/// <summary>
/// Marks a test class whose store is PostgreSQL. Inherited contract tests (<see cref="StoreFactAttribute"/>,
/// <see cref="StoreTheoryAttribute"/>) in such a class follow <see cref="PostgresAvailability"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>
/// A fact of a suite run against several stores (the store contract suite). The attribute sits on the shared base
/// class and cannot know the store, so its discoverer looks at the concrete class: one marked
/// <see cref="RequiresPostgresAttribute"/> is skipped as <see cref="PostgresFactAttribute"/> would be.
/// </summary>
[XunitTestCaseDiscoverer("Evalstore.Server.Tests.Support.Postgres.StoreFactDiscoverer", "Evalstore.Server.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>The theory counterpart of <see cref="StoreFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("Evalstore.Server.Tests.Support.Postgres.StoreTheoryDiscoverer", "Evalstore.Server.Tests")]
public sealed class StoreTheoryAttribute : TheoryAttribute;

/// <summary>Discovers <see cref="StoreFactAttribute"/> tests, skipping them where the class's store is unavailable.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        StoreSkip.For(testMethod) is { } reason
            ? [StoreSkip.Case(DiagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>Discovers <see cref="StoreTheoryAttribute"/> tests, skipping them where the class's store is unavailable.</summary>
public sealed class StoreTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        StoreSkip.For(testMethod) is { } reason
            ? [StoreSkip.Case(DiagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

internal static class StoreSkip
{
    public static string? For(ITestMethod testMethod) =>
        testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any() ? PostgresAvailability.SkipReason : null;

    public static IXunitTestCase Case(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, string reason) =>
        new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason);
}
