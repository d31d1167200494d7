namespace Evalstore.Core.Tests.RepositoryRules;

/// <summary>
/// The 140-character limit that .editorconfig states (max_line_length) is not enforced by the compiler, so this test
/// reads every source, markup and project file of the repository and names each line over it.
/// </summary>
public sealed class LineLengthTests
{
    private const int MaxLineLength = 140;

    private static readonly string[] s_extensions = [".cs", ".razor", ".csproj", ".props"];

    [Fact]
    public void NoSourceLineIsLongerThan140Characters()
    {
        var root = RepositoryRoot();
        var files = new[] { "src", "tests", "bench" }
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(root, "*.props"))
            .Where(path => s_extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase) && !IsBuildOutput(root, path))
            .ToList();
        Assert.NotEmpty(files);

        var tooLong = new List<string>();
        foreach (var path in files)
        {
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length > MaxLineLength)
                {
                    tooLong.Add($"{Path.GetRelativePath(root, path)}:{i + 1} ({lines[i].Length} characters)");
                }
            }
        }
        Assert.True(tooLong.Count == 0, $"{tooLong.Count} line(s) over {MaxLineLength} characters:\n{string.Join('\n', tooLong)}");
    }

    // bin and obj hold generated files (NuGet's .props among them) that nobody writes by hand.
    private static bool IsBuildOutput(string root, string path) =>
        Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Evalstore.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException(
            $"No Evalstore.slnx above {AppContext.BaseDirectory}: the test reads the repository it was built from.");
    }
}
