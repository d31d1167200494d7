namespace Evalstore.Formats.Exporting;

/// <summary>
/// Parquet's footer records where each column chunk starts, so the writer wants a seekable stream; a response body or
/// a pipe gets the file through a temporary file instead, which keeps memory flat.
/// </summary>
internal static class ParquetSpool
{
    public static async Task WriteAsync(Stream destination, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        if (destination.CanSeek && destination.Position == 0)
        {
            await write(destination);
            return;
        }
        var spool = Path.Combine(Path.GetTempPath(), $"evalstore-export-{Guid.NewGuid():N}.parquet");
        try
        {
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024))
            {
                await write(file);
            }
            await using var read = new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024,
                FileOptions.SequentialScan);
            await read.CopyToAsync(destination, cancellationToken);
            await destination.FlushAsync(cancellationToken);
        }
        finally
        {
            File.Delete(spool);
        }
    }
}
