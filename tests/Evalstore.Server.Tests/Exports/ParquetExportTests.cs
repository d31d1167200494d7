using System.Text.Json;
using DuckDB.NET.Data;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Cli;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Exports;

/// <summary>
/// Parquet exports read back with an independent reader (DuckDB), every value compared with the stored rows, on each
/// store: one result's typed table over HTTP (<c>export?format=parquet</c>) and a dataset's long table through the CLI.
/// </summary>
public abstract class ParquetExportTests : PerStoreServerTests, IDisposable
{
    private const string Ws = "default";
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<string> DownloadAsync(string result)
    {
        using var response = await Server.Http.GetAsync($"api/v1/workspaces/{Ws}/results/{result}/export?format=parquet");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType!.MediaType);
        var path = _directory.File(result + ".parquet");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    private async Task<List<RowRecord>> StoredRowsAsync(string result)
    {
        var info = (await Server.Store.GetResultAsync(Ws, result))!;
        var rows = new List<RowRecord>();
        await foreach (var row in Server.Store.ReadRowsAsync(Ws, info.Id, new RowQuery()))
        {
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task ResultRows_HaveTypedColumns_AndEveryValueOfTheStore()
    {
        var lines = Enumerable.Range(0, 40_000).Select(i => JsonSerializer.Serialize(new
        {
            row_index = i / 2,
            trial = i % 2,
            item = new
            {
                question = $"q{i / 2}", n = i / 2, hard = i % 3 == 0, mixed = i % 4 == 0 ? (object)"text" : i, nested = new { a = i },
            },
            sample = new { output_text = i % 5 == 0 ? null : $"answer {i}" },
            metrics = new Dictionary<string, object[]>
            {
                ["correct"] = [new { name = "correct", value = i % 3 != 0 }],
                ["f1"] = [new { name = "f1", value = i % 7 == 0 ? (object)"NaN" : i % 10 / 10.0 }],
                ["judge"] = [new { name = "judge", value = i % 2 == 0 ? "good" : "poor" }],
            },
            latency_ms = i % 9 == 0 ? (double?)null : 100 + i % 50,
            usage = new { input_tokens = 10 + i % 4, output_tokens = 3 },
        }));
        await Server.Store.ImportResultAsync(Ws, new RunSpec { Name = "big" }, Rows.Parse(lines));

        var path = await DownloadAsync("big");
        using var duck = Open();
        Assert.Equal(
            ["row_index BIGINT", "trial INTEGER", "row_digest VARCHAR", "item.question VARCHAR", "item.n DOUBLE", "item.hard BOOLEAN",
                "item.mixed VARCHAR", "item VARCHAR", "output VARCHAR", "correct:correct BOOLEAN", "f1:f1 DOUBLE", "judge:judge VARCHAR",
                "latency_ms DOUBLE", "input_tokens BIGINT", "output_tokens BIGINT"],
            Query(duck, $"DESCRIBE SELECT * FROM read_parquet('{path}')").Select(r => $"{r[0]} {r[1]}"));
        // 40 000 rows in row groups of 16 384: three groups.
        Assert.Equal(3L, Query(duck, $"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{path}')")[0][0]);

        var stored = await StoredRowsAsync("big");
        var read = Query(duck, $"SELECT * FROM read_parquet('{path}')");
        Assert.Equal(stored.Count, read.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            using var document = stored[i].Parse();
            var row = document.RootElement;
            var item = row.GetProperty("item");
            var metrics = row.GetProperty("metrics");
            double? F1(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
            object?[] expected =
            [
                stored[i].RowIndex, stored[i].Trial, stored[i].Digest, item.GetProperty("question").GetString(),
                item.GetProperty("n").GetDouble(),
                item.GetProperty("hard").GetBoolean(), Text(item.GetProperty("mixed")), item.GetRawText(),
                row.GetProperty("sample").GetProperty("output_text").GetString(),
                metrics.GetProperty("correct")[0].GetProperty("value").GetBoolean(), F1(metrics.GetProperty("f1")[0].GetProperty("value")),
                metrics.GetProperty("judge")[0].GetProperty("value").GetString(),
                row.TryGetProperty("latency_ms", out var latency) && latency.ValueKind == JsonValueKind.Number ? latency.GetDouble() : null,
                row.GetProperty("usage").GetProperty("input_tokens").GetInt64(),
                row.GetProperty("usage").GetProperty("output_tokens").GetInt64(),
            ];
            Assert.Equal(expected, read[i]);
        }
    }

    [Fact]
    public async Task DatasetExport_IsOneLongTableOfEveryResult_ThroughTheCli()
    {
        var first = Rows.Seed004.Select(l => l.Replace("\"requests\": []", "\"latency_ms\": 250", StringComparison.Ordinal));
        await Server.Store.ImportResultAsync(Ws, new RunSpec { Name = "a", Model = "m-a", Dataset = "qa" }, Rows.Parse(first));
        await Server.Store.ImportResultAsync(Ws, new RunSpec { Name = "b", Model = "m-b", Dataset = "qa" }, Rows.Parse(Rows.Seed004[..3]));
        var running = await Server.Store.CreateResultAsync(Ws, new RunSpec { Name = "still-running", Dataset = "qa" });

        var path = _directory.File("qa.parquet");
        var outcome = await CliRun.RunAsync("export", "--dataset", "qa", "--format", "parquet", "-o", path, "--server",
            Server.BaseAddress.ToString());
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Equal($"Exported 2 results on 'qa' (8 rows) as parquet to {path}.\n", outcome.Stderr.ReplaceLineEndings("\n"));

        using var duck = Open();
        Assert.Equal(
            ["result VARCHAR", "result_id VARCHAR", "model VARCHAR", "created_at TIMESTAMP WITH TIME ZONE", "row_index BIGINT",
                "trial INTEGER", "row_digest VARCHAR", "metric VARCHAR", "score VARCHAR", "value DOUBLE", "label VARCHAR"],
            Query(duck, $"DESCRIBE SELECT * FROM read_parquet('{path}')").Select(r => $"{r[0]} {r[1]}"));
        var expected = new List<object?[]>();
        foreach (var name in new[] { "a", "b" })
        {
            var info = (await Server.Store.GetResultAsync(Ws, name))!;
            foreach (var row in await StoredRowsAsync(name))
            {
                using var document = row.Parse();
                var scores = document.RootElement.GetProperty("metrics").EnumerateObject()
                    .SelectMany(m => m.Value.EnumerateArray()
                        .Select(s => (m.Name, s.GetProperty("name").GetString(), s.GetProperty("value").GetDouble())))
                    .ToList();
                if (document.RootElement.TryGetProperty("latency_ms", out var latency))
                {
                    scores.Add(("latency_ms", "latency_ms", latency.GetDouble()));
                }
                expected.AddRange(scores.Select(s => new object?[]
                {
                    name, info.Id.ToString(), info.Model, (info.CreatedAt.UtcTicks - DateTime.UnixEpoch.Ticks) / 10, row.RowIndex,
                    row.Trial, row.Digest, s.Item1, s.Item2, s.Item3, null,
                }));
            }
        }
        var read = Query(duck,
            $"SELECT result, result_id, model, epoch_us(created_at), row_index, trial, row_digest, metric, score, value, label " +
            $"FROM read_parquet('{path}')");
        Assert.Equal(expected, read);
        Assert.DoesNotContain(read, r => (string?)r[0] == running.Name);
    }

    [Fact]
    public async Task DatasetExport_WithoutParquetOrResults_IsAClearError()
    {
        var url = Server.BaseAddress.ToString();
        var csv = await CliRun.RunAsync("export", "--dataset", "qa", "--format", "csv", "-o", _directory.File("x.csv"), "--server", url);
        Assert.Equal((2, "error: --dataset writes one long Parquet table: add --format parquet -o FILE.parquet.\n"),
            (csv.ExitCode, csv.Stderr.ReplaceLineEndings("\n")));
        var none = await CliRun.RunAsync("export", "--dataset", "nothing", "-o", _directory.File("none.parquet"), "--server", url);
        Assert.Equal((3, "error: No completed result on dataset 'nothing' in workspace 'default'.\n"),
            (none.ExitCode, none.Stderr.ReplaceLineEndings("\n")));
        Assert.False(File.Exists(_directory.File("none.parquet")));
    }

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return connection;
    }

    private static List<object?[]> Query(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }
        return rows;
    }
}

/// <summary>Parquet exports from a SQLite store.</summary>
public sealed class SqliteParquetExportTests : ParquetExportTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>Parquet exports from a PostgreSQL store.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresParquetExportTests(PostgresDatabase database) : ParquetExportTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
