using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Evalstore.Core.Ingest;

/// <summary>
/// Runs an async sequence ahead of its consumer on another thread, through a bounded channel of small batches.
/// Ingest uses it so that reading and parsing a batch (one core) overlaps with writing it to the database (the other):
/// the consumer still sees every item in order, and a failure of the producer (a malformed line) surfaces to the
/// consumer at the point where it happened, so the all-or-nothing transaction rolls back as before.
/// </summary>
public static class ReadAhead
{
    /// <summary>Enumerates <paramref name="source"/> on a background task, at most <paramref name="batches"/> batches ahead.</summary>
    public static async IAsyncEnumerable<T> RunAhead<T>(this IAsyncEnumerable<T> source, int batchSize = 512, int batches = 8,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<List<T>>(new BoundedChannelOptions(batches) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                var batch = new List<T>(batchSize);
                await foreach (var item in source.WithCancellation(stop.Token))
                {
                    batch.Add(item);
                    if (batch.Count == batchSize)
                    {
                        await channel.Writer.WriteAsync(batch, stop.Token);
                        batch = new List<T>(batchSize);
                    }
                }
                if (batch.Count > 0)
                {
                    await channel.Writer.WriteAsync(batch, stop.Token);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var item in batch)
                {
                    yield return item;
                }
            }
        }
        finally
        {
            // The consumer may stop early (its own failure): stop the producer and wait so nothing outlives the call.
            await stop.CancelAsync();
            await producer;
        }
    }
}
