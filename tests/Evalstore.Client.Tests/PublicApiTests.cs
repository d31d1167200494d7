using System.Runtime.CompilerServices;

namespace Evalstore.Client.Tests;

/// <summary>
/// The SDK's public surface is a contract: any change to it shows up here and must be approved on purpose. It covers every
/// assembly the package brings: Evalstore.Client and the Evalstore assemblies it references (Evalstore.Contracts).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesTheApprovedSnapshot()
    {
        var approvedPath = Path.Combine(SourceDirectory(), "PublicApi.approved.txt");
        var receivedPath = Path.Combine(SourceDirectory(), "PublicApi.received.txt");
        var client = typeof(EvalstoreClient).Assembly;
        var shipped = client.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Evalstore.", StringComparison.Ordinal))
            .Select(System.Reflection.Assembly.Load).Prepend(client).ToList();
        Assert.Contains(shipped, a => a.GetName().Name == "Evalstore.Contracts");
        var actual = string.Concat(shipped.Select(a => $"assembly {a.GetName().Name}\n" + PublicApi.Describe(a)));
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        if (actual == approved)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        var added = actual.Split('\n').Except(approved.Split('\n')).Take(20);
        var removed = approved.Split('\n').Except(actual.Split('\n')).Take(20);
        Assert.Fail(
            "The public API of the Evalstore.Client package changed.\n" +
            $"Added:\n  {string.Join("\n  ", added)}\nRemoved:\n  {string.Join("\n  ", removed)}\n" +
            $"If the change is intended, approve it: mv {receivedPath} {approvedPath}");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
