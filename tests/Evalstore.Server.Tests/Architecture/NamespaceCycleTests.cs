namespace Evalstore.Server.Tests.Architecture;

/// <summary>
/// No namespace in <c>src</c> depends on itself through others: layers stay layers (Storage below Analysis below Api,
/// vendors and the UI beside Api on the shared Http plumbing, each assembly's composition on top). Read from the
/// compiled assemblies, so a use hidden in a method body or a lambda counts as much as one in a signature.
/// </summary>
public sealed class NamespaceCycleTests
{
    /// <summary>Every assembly built from <c>src</c> (the CLI's is <c>evalstore</c>).</summary>
    private static readonly string[] s_sourceAssemblies =
        ["Evalstore.Contracts", "Evalstore.Core", "Evalstore.Formats", "Evalstore.Scoring", "Evalstore.Server", "Evalstore.Client",
            "evalstore"];

    [Fact]
    public void Src_HasNoNamespaceCycle()
    {
        var graph = new NamespaceGraph();
        foreach (var name in s_sourceAssemblies)
        {
            graph.Add(Path.Combine(AppContext.BaseDirectory, name + ".dll"), "Evalstore.");
        }
        // The reader must see the uses it is meant to police, or an empty graph would pass.
        Assert.Contains("Evalstore.Server.Storage", graph.Edges["Evalstore.Server.Analysis"].Keys);
        Assert.Contains("Evalstore.Core.Model", graph.Edges["Evalstore.Client"].Keys);
        var cycles = graph.Cycles();
        Assert.True(cycles.Count == 0, "Namespace cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void Graph_FindsACycleMadeInAMethodBodyAndNamesIt()
    {
        var graph = new NamespaceGraph();
        graph.Add(typeof(NamespaceCycleTests).Assembly.Location, "Evalstore.Server.Tests.Architecture.Sample");
        var cycle = Assert.Single(graph.Cycles());
        Assert.Equal(
            "Evalstore.Server.Tests.Architecture.SampleA (Evalstore.Server.Tests.Architecture.SampleA.Caller uses "
            + "Evalstore.Server.Tests.Architecture.SampleB.Callee) → Evalstore.Server.Tests.Architecture.SampleB "
            + "(Evalstore.Server.Tests.Architecture.SampleB.Callee uses Evalstore.Server.Tests.Architecture.SampleA.Caller) "
            + "→ Evalstore.Server.Tests.Architecture.SampleA",
            cycle);
        Assert.DoesNotContain("Evalstore.Server.Tests.Architecture.SampleC", graph.Edges.Keys);
    }
}
