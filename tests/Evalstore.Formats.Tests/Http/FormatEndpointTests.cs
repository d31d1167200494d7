using System.Globalization;
using System.Net;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Formats.Tests.Support;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Formats.Tests.Http;

/// <summary>The file-import and export endpoints over real loopback HTTP, through the SDK and raw requests.</summary>
public sealed class FormatEndpointTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ImportFiles_LmEvalWithItsSamples_ChecksAndRefusesTheSameFileTwice()
    {
        await using var client = _server.Client();
        string[] files = [Corpus.File(Corpus.BiasZeroShot),
            Corpus.File(Corpus.BiasDirectory + "/samples_bias_classification_2024-06-17T15-44-37.867068.json")];
        var report = await client.ImportFilesAsync("team", files);

        var imported = Assert.Single(report.Results);
        Assert.Equal("lm-eval", imported.Format);
        Assert.Equal(609, imported.Result.RowCount);
        Assert.Equal(5, imported.Checks.Count(c => c.Status == HarnessCheckStatus.Match));
        Assert.Equal(0.6566820276497696, imported.Checks.Single(c => c.Metric == "f1").Actual!.Value, 12);

        var again = await Assert.ThrowsAsync<EvalstoreException>(() => client.ImportFilesAsync("team", files));
        Assert.Equal(409, again.Status);
        Assert.Contains("replace", again.Detail, StringComparison.Ordinal);

        var replaced = await client.ImportFilesAsync("team", files, replace: true);
        Assert.Equal([imported.Result.Name], replaced.Replaced);
        Assert.Null(await client.GetResultAsync("team", imported.Result.Id.ToString()));
        Assert.NotNull(await client.GetResultAsync("team", replaced.Results[0].Result.Id.ToString()));
    }

    [Fact]
    public async Task ImportFiles_RawEvalBody_AndABadFileIsA400NamingIt()
    {
        using var body = new ByteArrayContent(await File.ReadAllBytesAsync(Corpus.File(Corpus.EvalGpt5)));
        using var response =
            await _server.Http.PostAsync("api/v1/workspaces/team/imports/files?filename=gpt5.eval&name=gpt5-popularity", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"name\":\"gpt5-popularity\"", text, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"match\"", text, StringComparison.Ordinal);

        using var bad = new StringContent("{\"version\": 2, \"eval\": {\"task\": \"t\"}, \"samples\": [{\"id\": 1, \"scores\": ");
        using var refused = await _server.Http.PostAsync("api/v1/workspaces/team/imports/files?filename=cut.json&format=inspect", bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("cut.json", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_EveryFormatDownloadsWithAFileName()
    {
        await using var client = _server.Client();
        var report = await client.ImportFilesAsync("team", [Corpus.File(Corpus.EvalClaude)]);
        var name = report.Results[0].Result.Name;

        using var csv = await _server.Http.GetAsync($"api/v1/workspaces/team/results/{name}/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"{name}.rows.csv", csv.Content.Headers.ContentDisposition!.FileName);
        var (header, rows) = Tables.ReadCsv(await csv.Content.ReadAsByteArrayAsync());
        Assert.Equal(100, rows.Count);
        Assert.Equal(57, rows.Count(r => r[header.IndexOf("match:match")] == "True"));

        var xlsxPath = Path.Combine(Path.GetTempPath(), $"evalstore-test-{Guid.NewGuid():N}.xlsx");
        try
        {
            await using (var file = File.Create(xlsxPath))
            {
                await client.ExportAsync("team", name, "xlsx", file);
            }
            Assert.Empty(Tables.ValidationErrors(xlsxPath));
            var aggregates = Tables.ReadSheet(xlsxPath, "Aggregates");
            var mean = aggregates[0].Select(c => c.Text).ToList().IndexOf("mean");
            Assert.Equal(0.57, double.Parse(aggregates[1][mean].Text!, CultureInfo.InvariantCulture), 12);
            Assert.Equal(101, Tables.ReadSheet(xlsxPath, "Rows").Count);
        }
        finally
        {
            File.Delete(xlsxPath);
        }

        using var jsonl = new MemoryStream();
        await client.ExportAsync("team", name, "jsonl", jsonl);
        Assert.Equal(100, System.Text.Encoding.UTF8.GetString(jsonl.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        using var aggregatesCsv = await _server.Http.GetAsync($"api/v1/workspaces/team/results/{name}/export?format=aggregates-csv");
        Assert.StartsWith("metric,name,score_type", await aggregatesCsv.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var parquet = await _server.Http.GetAsync($"api/v1/workspaces/team/results/{name}/export?format=parquet");
        Assert.Equal("application/vnd.apache.parquet", parquet.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"{name}.parquet", parquet.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal("PAR1"u8.ToArray(), (await parquet.Content.ReadAsByteArrayAsync())[..4]);
        using var unknownFormat = await _server.Http.GetAsync($"api/v1/workspaces/team/results/{name}/export?format=feather");
        Assert.Equal(HttpStatusCode.BadRequest, unknownFormat.StatusCode);
        Assert.Contains("use jsonl, csv, xlsx, aggregates-csv, parquet", await unknownFormat.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<EvalstoreException>(() => client.ExportAsync("team", "no-such-result", "csv", Stream.Null));
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task Export_CsvLargerThanTheWriterBuffer_StreamsOverHttp()
    {
        await using var client = _server.Client();
        var report = await client.ImportFilesAsync("team", [Corpus.File(Corpus.TruthfulQa), Corpus.File(Corpus.TruthfulQaSamples)]);
        var name = Assert.Single(report.Results).Result.Name;
        using var csv = new MemoryStream();
        await client.ExportAsync("team", name, "csv", csv);
        Assert.True(csv.Length > 500_000, $"{csv.Length} bytes");
        var (header, rows) = Tables.ReadCsv(csv.ToArray());
        Assert.Equal(817, rows.Count);
        Assert.Equal(
            0.39167686658506734, rows.Average(r => double.Parse(r[header.IndexOf("bleu_acc:bleu_acc")], CultureInfo.InvariantCulture)), 12);
    }
}
