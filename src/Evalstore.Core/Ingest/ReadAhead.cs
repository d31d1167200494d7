using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Evalstore.Core.Ingest;

/// <summary>
/// Runs an async sequence ahead of its consumer on another thread, through a bounded channel of small batches.
/// Ingest uses it so that reading and parsing rows (one core) overlaps with writing them to the database (the other),
/// and so that a batch waiting for the write lock is already being parsed. The consumer still sees every item in
/// order, and a failure of the producer (a malformed line) surfaces to the consumer at the point where it happened,
/// so the all-or-nothing transaction rolls back as before. Enumerate it once; dispose it to stop the producer.
/// </summary>
public sealed class ReadAhead<T> : IAsyncEnumerable<T>, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Channel<List<T>> _channel;
    private readonly Task _producer;

    internal ReadAhead(IAsyncEnumerable<T> source, int batchSize, int batches, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _channel = Channel.CreateBounded<List<T>>(new BoundedChannelOptions(batches) { SingleReader = true, SingleWriter = true });
        _producer = Task.Run(() => ProduceAsync(source, batchSize), CancellationToken.None);
    }

    private async Task ProduceAsync(IAsyncEnumerable<T> source, int batchSize)
    {
        try
        {
            var batch = new List<T>(batchSize);
            await foreach (var item in source.WithCancellation(_stop.Token))
            {
                batch.Add(item);
                if (batch.Count == batchSize)
                {
                    await _channel.Writer.WriteAsync(batch, _stop.Token);
                    batch = new List<T>(batchSize);
                }
            }
            if (batch.Count > 0)
            {
                await _channel.Writer.WriteAsync(batch, _stop.Token);
            }
            _channel.Writer.Complete();
        }
        catch (Exception e)
        {
            _channel.Writer.TryComplete(e);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var batch in _channel.Reader.ReadAllAsync(cancellationToken))
        {
            foreach (var item in batch)
            {
                yield return item;
            }
        }
    }

    /// <summary>Stops the producer (if the consumer stopped early) and waits for it, so nothing outlives the request.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _producer;
        _stop.Dispose();
    }
}

/// <summary>Starts sequences running ahead of their consumers.</summary>
public static class ReadAhead
{
    /// <summary>Starts enumerating <paramref name="source"/> now, at most <paramref name="batches"/> batches of <paramref
    /// name="batchSize"/> ahead.</summary>
    public static ReadAhead<T> Start<T>(
        IAsyncEnumerable<T> source, int batchSize = 512, int batches = 64, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ReadAhead<T>(source, batchSize, batches, cancellationToken);
    }

    /// <summary>Enumerates <paramref name="source"/> on a background task once enumeration begins.</summary>
    public static async IAsyncEnumerable<T> RunAhead<T>(this IAsyncEnumerable<T> source, int batchSize = 512, int batches = 8,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var ahead = Start(source, batchSize, batches, cancellationToken);
        await foreach (var item in ahead.WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }
}
