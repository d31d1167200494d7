namespace Evalstore.Cli.Tests.Backup;

/// <summary>Damages a SQLite file the way a torn copy or a bad disk does: pages in the middle overwritten with noise.</summary>
internal static class Corruption
{
    public static void Scribble(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var pageSize = 16384;
        var pages = file.Length / pageSize;
        Assert.True(pages > 6, $"the file has {pages} pages, too few to damage some in the middle");
        var noise = new byte[pageSize];
        new Random(42).NextBytes(noise);
        // Pages past the schema (page 1) and the first tables' roots: b-tree pages of the data, as a torn write leaves them.
        foreach (var page in new[] { pages / 2, pages / 2 + 1, pages - 2 })
        {
            file.Position = page * pageSize;
            file.Write(noise);
        }
    }
}
