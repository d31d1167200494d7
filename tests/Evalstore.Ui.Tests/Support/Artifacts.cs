namespace Evalstore.Ui.Tests.Support;

/// <summary>Test artifacts under the repository's <c>test-artifacts/</c> folder (git-ignored).</summary>
public static class Artifacts
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Screenshot(string name)
    {
        var directory = Path.Combine(RepositoryRoot, "test-artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name + ".png");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Evalstore.slnx")))
            {
                return directory.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
