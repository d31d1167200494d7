using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace Evalstore.Client.Tests;

/// <summary>
/// The SDK ships alone: <c>dotnet pack</c> of Evalstore.Client (from the build this test runs on) gives a package whose
/// only dependency is Evalstore.Contracts, with its README, XML docs and repository metadata.
/// </summary>
public sealed class PackageTests
{
    [Fact]
    public async Task ClientPackage_DependsOnContractsAlone_AndCarriesReadmeDocsAndRepository()
    {
        var output = Directory.CreateTempSubdirectory("evalstore-pack-");
        try
        {
            await PackAsync(Path.Combine(RepositoryRoot(), "src", "Evalstore.Client", "Evalstore.Client.csproj"), output.FullName);
            var package = Assert.Single(
                output.GetFiles("Evalstore.Client.*.nupkg"), f => !f.Name.EndsWith(".symbols.nupkg", StringComparison.Ordinal));
            using var zip = ZipFile.OpenRead(package.FullName);
            var nuspecEntry = Assert.Single(zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            XDocument nuspec;
            await using (var stream = nuspecEntry.Open())
            {
                nuspec = await XDocument.LoadAsync(stream, LoadOptions.None, TestContext.Current.CancellationToken);
            }
            var ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;

            var dependencies = metadata.Descendants(ns + "dependency").Select(d => (string)d.Attribute("id")!).ToList();
            Assert.Equal(["Evalstore.Contracts"], dependencies);
            Assert.DoesNotContain("Evalstore.Core", nuspec.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("MathNet", nuspec.ToString(), StringComparison.Ordinal);

            Assert.Equal("README.md", (string?)metadata.Element(ns + "readme"));
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
            Assert.Contains(zip.Entries, e => e.FullName == "lib/net10.0/Evalstore.Client.dll");
            Assert.Contains(zip.Entries, e => e.FullName == "lib/net10.0/Evalstore.Client.xml");
            var repository = metadata.Element(ns + "repository")!;
            Assert.Equal("git", (string?)repository.Attribute("type"));
            Assert.StartsWith("https://", (string?)repository.Attribute("url"), StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>Packs the project from the binaries this test run was built with (no build, no restore, no network).</summary>
    private static async Task PackAsync(string project, string output)
    {
        // bin/<Configuration>/<framework>/ of this test assembly names the configuration the project was built in.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var start = new ProcessStartInfo("dotnet", ["pack", project, "-c", configuration, "--no-build", "-o", output, "-nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var pack = Process.Start(start)!;
        var stdout = pack.StandardOutput.ReadToEndAsync();
        var stderr = pack.StandardError.ReadToEndAsync();
        await pack.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed ({pack.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
