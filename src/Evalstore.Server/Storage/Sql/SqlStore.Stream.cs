using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Sql;

public abstract partial class SqlStore
{
    /// <summary>Results read per keyset step of <see cref="StreamResultsAsync"/>: one short read each, no connection held.</summary>
    internal const int StreamBatch = 500;

    /// <inheritdoc cref="IServerStore.StreamResultsAsync" />
    public async IAsyncEnumerable<ResultInfo> StreamResultsAsync(string workspace, FilterExpr? filter, long skip = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        var args = Args(("w", workspace), ("after", 0L));
        var where = "workspace = @w AND deleted_at IS NULL";
        if (filter is not null)
        {
            where += " AND " + RenderFilter(filter, args);
        }
        // The offset is paid once, on the index; every later step starts after the last key seen, so a result that
        // lives through the walk is read exactly once whatever is inserted or deleted meanwhile (keys only grow).
        var after = 0L;
        var offset = skip;
        while (true)
        {
            args.Add("after", after);
            var sql = $"SELECT {ResultRecords.Columns} FROM results WHERE {where} AND result_key > @after ORDER BY result_key "
                + $"LIMIT {StreamBatch} OFFSET {offset}";
            var batch = await InReadAsync(c => ReadResultsAsync(c, sql, args, cancellationToken), cancellationToken);
            foreach (var result in batch)
            {
                yield return result.Info;
            }
            if (batch.Count < StreamBatch)
            {
                yield break;
            }
            after = batch[^1].Key;
            offset = 0;
        }
    }

    /// <inheritdoc cref="IServerStore.LatestPerModelAsync" />
    public Task<IReadOnlyList<ResultInfo>> LatestPerModelAsync(string workspace, FilterExpr filter,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var args = Args(("w", workspace));
        var where = "workspace = @w AND deleted_at IS NULL AND " + RenderFilter(filter, args);
        // One window over the matching rows of the (workspace, dataset|benchmark, status, model, created_at) index;
        // results without a model share one partition, as the leaderboard's "(no model)" row.
        var sql = $"""
            SELECT {ResultRecords.Columns} FROM results WHERE result_key IN (
                SELECT result_key FROM (
                    SELECT result_key, row_number() OVER (PARTITION BY model ORDER BY created_at DESC, result_key DESC) AS latest
                    FROM results WHERE {where}) ranked
                WHERE latest = 1)
            ORDER BY created_at DESC, result_key DESC
            """;
        return InReadAsync<IReadOnlyList<ResultInfo>>(
            async c => (await ReadResultsAsync(c, sql, args, cancellationToken)).Select(r => r.Info).ToList(), cancellationToken);
    }

    /// <summary>The results a query selects (with <see cref="ResultRecords.Columns"/>), each with its summary scores.</summary>
    private async Task<List<(long Key, ResultInfo Info)>> ReadResultsAsync(DbConnection connection, string sql, DynamicParameters args,
        CancellationToken cancellationToken)
    {
        var read = new List<(long Key, ResultInfo Info)>();
        await using (var reader = await connection.ExecuteReaderAsync(Command(sql, args, null, cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                read.Add(ResultRecords.Read(reader, Dialect.ReadId, Dialect.ReadInstant));
            }
        }
        var aggregates = await LoadAggregatesAsync(connection, read.Select(p => p.Key).ToList(), cancellationToken);
        return read.Select(p => (p.Key, p.Info with { Scores = aggregates[p.Key] })).ToList();
    }
}
