using Evalstore.Contracts.NeMo;

namespace Evalstore.Client.NeMo;

/// <summary>NeMo's <c>metric_jobs</c> or <c>benchmark_jobs</c>, as far as their results go.</summary>
/// <typeparam name="TAggregate">What the job's aggregate-scores download holds.</typeparam>
public sealed class JobsClient<TAggregate>
{
    internal JobsClient(NeMoTransport transport, string path) => Results = new JobResultFiles<TAggregate>(transport, path);

    /// <summary>The downloads of a job's results.</summary>
    public JobResultFiles<TAggregate> Results { get; }
}

/// <summary>A job's result downloads: aggregate scores and row scores.</summary>
/// <typeparam name="TAggregate">What the aggregate-scores download holds.</typeparam>
public sealed class JobResultFiles<TAggregate>
{
    internal JobResultFiles(NeMoTransport transport, string path)
    {
        AggregateScores = new AggregateScoresDownload<TAggregate>(transport, path);
        RowScores = new RowScoresDownload(transport, path);
    }

    /// <summary><c>results/aggregate-scores/download</c>.</summary>
    public AggregateScoresDownload<TAggregate> AggregateScores { get; }

    /// <summary><c>results/row-scores/download</c>.</summary>
    public RowScoresDownload RowScores { get; }
}

/// <summary>Downloads a job's aggregate scores.</summary>
/// <typeparam name="TAggregate">What the download holds.</typeparam>
public sealed class AggregateScoresDownload<TAggregate>
{
    private readonly NeMoTransport _transport;
    private readonly string _path;

    internal AggregateScoresDownload(NeMoTransport transport, string path)
    {
        _transport = transport;
        _path = path;
    }

    /// <summary>Every statistic of every score of the job's result.</summary>
    /// <param name="job">The job's name.</param>
    /// <param name="workspace">Workspace; defaults to the client's.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<TAggregate> DownloadAsync(string job, string? workspace = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        var path = await _transport.PathAsync(
            workspace, $"{_path}/{Uri.EscapeDataString(job)}/results/aggregate-scores/download", cancellationToken);
        return await _transport.GetAsync<TAggregate>(path, cancellationToken);
    }
}

/// <summary>Streams a job's row scores.</summary>
public sealed class RowScoresDownload
{
    private readonly NeMoTransport _transport;
    private readonly string _path;

    internal RowScoresDownload(NeMoTransport transport, string path)
    {
        _transport = transport;
        _path = path;
    }

    /// <summary>The job's rows in row order, read from the stream as the caller iterates (never all in memory).</summary>
    /// <param name="job">The job's name.</param>
    /// <param name="workspace">Workspace; defaults to the client's.</param>
    /// <param name="cancellationToken">Stops the download.</param>
    public async IAsyncEnumerable<RowScore> DownloadAsync(string job, string? workspace = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        var path = await _transport.PathAsync(
            workspace, $"{_path}/{Uri.EscapeDataString(job)}/results/row-scores/download", cancellationToken);
        await foreach (var row in _transport.GetLinesAsync<RowScore>(path, cancellationToken))
        {
            yield return row;
        }
    }
}
