using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Evalstore.Client.Tests;

/// <summary>
/// Every C# block of README.md compiles against the SDK as a reader pastes it into a new console project (top-level
/// statements, the SDK's implicit usings), so a renamed type or member cannot leave the README behind. docs/sdk.md's
/// blocks are fragments of a larger program; its first one runs verbatim in <see cref="SdkExampleTests"/>.
/// </summary>
public sealed partial class DocSnippetTests
{
    /// <summary>What <c>dotnet new console</c> imports implicitly.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public void EveryReadmeSnippet_CompilesAgainstTheSdk()
    {
        var blocks = CSharpBlock().Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")));
        Assert.NotEmpty(blocks);
        foreach (var (block, index) in blocks.Select((b, i) => (b.Groups["code"].Value, i)))
        {
            var compilation = CSharpCompilation.Create(
                "Snippet",
                [CSharpSyntaxTree.ParseText(block, path: "README.md"), CSharpSyntaxTree.ParseText(ImplicitUsings)],
                References(),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            Assert.True(errors.Count == 0, $"README.md, C# block {index + 1}:\n{string.Join("\n", errors)}\n---\n{block}");
        }
    }

    /// <summary>The runtime's assemblies and the SDK's, as the test process loaded them.</summary>
    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(EvalstoreClient).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Evalstore.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Evalstore.slnx not found above the test binaries.");
    }

    [GeneratedRegex(@"```(?:csharp|cs)\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
