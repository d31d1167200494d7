using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Analysis;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;
using Npgsql;

namespace Evalstore.Server.Tests.Storage;

/// <summary>
/// PostgreSQL's column chunks (migration 005), written per ingest chunk (3 rows here) beside the scores table:
/// completion and compare read them, and a result from before them (not columnar) is read from the tables with the
/// very same outcome.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresColumnTests(PostgresDatabase database) : IAsyncLifetime
{
    private const string Ws = "columns";
    private PostgresStore _store = null!;
    private string _connectionString = "";

    public async ValueTask InitializeAsync()
    {
        if (PostgresAvailability.SkipReason is null)
        {
            _connectionString = await database.NewSchemaAsync();
            _store = await PostgresStore.OpenAsync(_connectionString);
            _store.IngestChunkRows = 3;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    // Two batches, the second going back below the first (so chunks are out of position order), with trials, NaN, a
    // rubric label, a boolean and a score that only some rows have.
    private static readonly string[][] s_batches =
    [
        [.. Enumerable.Range(4, 7).Select(Line)],
        [.. Enumerable.Range(0, 4).Select(Line),
            .. Enumerable.Range(0, 3).Select(i => Line(i).Replace("\"trial\": 0", "\"trial\": 1", StringComparison.Ordinal))],
    ];

    private static string Line(int i)
    {
        var acc = i % 4 == 1 ? "\"NaN\"" : (i / 10.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var extra = i % 5 == 0 ? $", \"extra\": [{{\"name\": \"extra\", \"value\": {i}}}]" : "";
        return $"{{\"row_index\": {i}, \"trial\": 0, \"item\": {{\"q\": {i}}}, \"sample\": {{}}, \"metrics\": {{"
            + $"\"acc\": [{{\"name\": \"acc\", \"value\": {acc}}}], \"ok\": [{{\"name\": \"ok\", \"value\": " +
                $"{(i % 3 == 0 ? "true" : "false")}}}], "
            + $"\"judge\": [{{\"name\": \"tone\", \"value\": \"{(i % 2 == 0 ? "good" : "poor")}\"}}]{extra}}}}}";
    }

    private async Task<ResultInfo> IngestAsync(string name, bool columnar)
    {
        var declarations = new List<MetricDeclaration>
        {
            new() { Metric = "judge", Type = ScoreType.Rubric, Rubric = [new RubricLevel("poor", 1), new RubricLevel("good", 3)] },
        };
        var created = await _store.CreateResultAsync(Ws, new RunSpec { Name = name, Metrics = declarations });
        if (!columnar)
        {
            await ExecuteAsync($"UPDATE results SET columnar = false WHERE id = '{created.Id}'");
        }
        foreach (var batch in s_batches)
        {
            await _store.AppendRowsAsync(Ws, created.Id, Rows.Parse(batch, declarations));
        }
        return await _store.CompleteResultAsync(Ws, created.Id);
    }

    [PostgresFact]
    public async Task ColumnarAndTableResults_CompleteAndJoinAlike()
    {
        var columnar = await IngestAsync("columnar", columnar: true);
        var table = await IngestAsync("table", columnar: false);
        // 14 rows in chunks of 3 per batch: 3 chunks for the first batch and 3 for the second, numbered on across batches.
        Assert.Equal([0, 1, 2, 3, 4, 5], await QueryAsync(
            $"SELECT chunk FROM row_chunks r JOIN results s USING (result_key) WHERE s.id = '{columnar.Id}' ORDER BY chunk"));
        Assert.Empty(await QueryAsync($"SELECT chunk FROM row_chunks r JOIN results s USING (result_key) WHERE s.id = '{table.Id}'"));

        Assert.Equal(4, columnar.Scores.Count);
        Assert.Equal(EvalstoreJson.Serialize(table.Scores), EvalstoreJson.Serialize(columnar.Scores));
        var acc = columnar.Scores.Single(s => s.Metric == "acc");
        Assert.Equal((10L, 4L), (acc.Count, acc.NanCount));

        var a = await ReadAsync(columnar.Id);
        var b = await ReadAsync(table.Id);
        Assert.Equal(Text(b), Text(a));
        Assert.Equal(14, a.Single(s => s.Metric == "acc").Values.Count);
        Assert.Equal([0L, 0, 5, 10], a.Single(s => s.Metric == "extra").Values.Select(v => v.RowIndex));
        // In position order, whatever order the batches came in.
        Assert.Equal([(0L, 0), (0, 1), (1, 0), (1, 1)], a.Single(s => s.Metric == "ok").Values.Take(4).Select(v => (v.RowIndex, v.Trial)));

        var report = await new EvalAnalysis(_store).CompareAsync(Ws, new CompareRequest { Baseline = "table", Candidates = ["columnar"] });
        var candidate = Assert.Single(report.Candidates);
        Assert.Equal(11, candidate.MatchedItems);
        Assert.All(candidate.Scores, s => Assert.Equal(0, s.Comparison.Difference ?? 0));

        // A result from before column chunks has no item columns: compare joins it on digests, with the same report
        // as the join on item keys gives for two columnar results.
        Assert.Null(await _store.ReadItemColumnsAsync(Ws, table.Id, null, null));
        await IngestAsync("columnar-2", columnar: true);
        var keyed = await new EvalAnalysis(_store).CompareAsync(
            Ws, new CompareRequest { Baseline = "columnar-2", Candidates = ["columnar"] });
        Assert.Equal(
            EvalstoreJson.Serialize(report.Candidates[0] with { Candidate = keyed.Candidates[0].Candidate }),
            EvalstoreJson.Serialize(keyed.Candidates[0]));
    }

    [PostgresFact]
    public async Task DeletingAColumnarResult_PurgesItsChunks()
    {
        var result = await IngestAsync("purged", columnar: true);
        Assert.NotEmpty(await QueryAsync("SELECT chunk FROM score_chunks"));
        Assert.True(await _store.DeleteResultAsync(Ws, result.Id));
        Assert.Empty(await QueryAsync("SELECT chunk FROM score_chunks"));
        Assert.Empty(await QueryAsync("SELECT chunk FROM row_chunks"));
    }

    private async Task<List<ScoreItems>> ReadAsync(Guid id)
    {
        var list = new List<ScoreItems>();
        await foreach (var items in _store.ReadScoreItemsAsync(Ws, id, null, null))
        {
            list.Add(items);
        }
        return list;
    }

    private static string Text(List<ScoreItems> scores) =>
        string.Join('\n', scores.SelectMany(s => s.Values.Select(v => $"{s.Metric}:{s.Name} {v}")));

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<int>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<int>();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetInt32(0));
        }
        return list;
    }
}
