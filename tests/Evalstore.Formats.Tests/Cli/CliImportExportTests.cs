using System.Globalization;
using System.Text;
using Evalstore.Cli;
using Evalstore.Formats.Tests.Support;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Formats.Tests.Cli;

/// <summary>The import and export verbs, on a local database file and against a loopback server.</summary>
public sealed class CliImportExportTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string Db => _directory.File("cli.db");

    public void Dispose() => _directory.Dispose();

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter(CultureInfo.InvariantCulture);
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task ImportLmEval_PrintsSummary_RefusesSecondImport_ReplacesWhenAsked()
    {
        var file = Corpus.File(Corpus.BiasFiveShot);
        var first = await RunAsync("import", file, "--db", Db);
        Assert.True(first.Code == 0, first.Err);
        // The summary table: rows, items, scores and the checks against the harness's own numbers.
        Assert.Contains("5 match", first.Out, StringComparison.Ordinal);
        Assert.Contains("609", first.Out, StringComparison.Ordinal);
        Assert.Contains("Imported 609 rows (609 items) from results_2024-06-17T12-20-26.826621.json",
            first.Err.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("acc_norm", first.Out, StringComparison.Ordinal);

        var again = await RunAsync("import", file, "--db", Db);
        Assert.Equal(4, again.Code);
        Assert.Contains("results_2024-06-17T12-20-26.826621.json was imported before", again.Err, StringComparison.Ordinal);
        Assert.Contains("--replace", again.Err, StringComparison.Ordinal);

        var replaced = await RunAsync("import", file, "--replace", "--db", Db);
        Assert.True(replaced.Code == 0, replaced.Err);
        Assert.Contains("replaced: deleted the earlier result", replaced.Err, StringComparison.Ordinal);
        var list = await RunAsync("results", "list", "--db", Db, "--format", "json");
        Assert.Equal(1, CountOccurrences(list.Out, "\"name\": \"meta-llama__Meta-Llama-3-8B_bias_classification"));
    }

    [Fact]
    public async Task ImportWithExplicitFormatAndName_ThenExportCsvToStdoutAndXlsxToFile()
    {
        var imported = await RunAsync("import", Corpus.File(Corpus.JsonPopularity), "--input-format", "inspect", "--name", "pop", "--json",
            "--db", Db);
        Assert.True(imported.Code == 0, imported.Err);
        Assert.Contains("\"name\": \"pop\"", imported.Out, StringComparison.Ordinal);

        var csv = await RunAsync("export", "pop", "--format", "csv", "--db", Db);
        Assert.True(csv.Code == 0, csv.Err);
        var (header, rows) = Tables.ReadCsv(Encoding.UTF8.GetBytes(csv.Out));
        Assert.Equal(["id", "input", "target", "match:match"], header.Take(4));
        Assert.Equal(3, rows.Count);
        Assert.Equal(["True", "True", "False"], rows.Select(r => r[3]));

        var aggregates = await RunAsync("export", "pop", "--format", "csv", "--aggregates", "--db", Db);
        Assert.StartsWith("metric,name,score_type,count", aggregates.Out, StringComparison.Ordinal);

        var xlsx = _directory.File("pop.xlsx");
        var written = await RunAsync("export", "pop", "-o", xlsx, "--db", Db);
        Assert.True(written.Code == 0, written.Err);
        Assert.Equal(["Summary", "Aggregates", "Rows"], Tables.SheetNames(xlsx));
        Assert.Equal(4, Tables.ReadSheet(xlsx, "Rows").Count);

        var refused = await RunAsync("export", "pop", "--format", "xlsx", "--db", Db);
        Assert.Equal(2, refused.Code);
        Assert.Contains("-o FILE.xlsx", refused.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAndExport_AgainstAServer()
    {
        await using var server = await TestServer.StartAsync();
        var url = server.BaseAddress.ToString();
        var imported = await RunAsync("import", Corpus.File(Corpus.EvalClaude), Corpus.File(Corpus.Promptfoo), "--server", url, "--json");
        Assert.True(imported.Code == 0, imported.Err);
        Assert.Contains("anthropic__claude-sonnet-4-20250514_popularity", imported.Out, StringComparison.Ordinal);
        Assert.Contains("openai:gpt-4o-mini_eval-gwz", imported.Out, StringComparison.Ordinal);

        var again = await RunAsync("import", Corpus.File(Corpus.Promptfoo), "--server", url);
        Assert.Equal(4, again.Code);

        // An lm-eval task carries a large config (its whole task definition) to the server.
        var lmEval = await RunAsync("import", Corpus.File(Corpus.TruthfulQa), "--server", url);
        Assert.True(lmEval.Code == 0, lmEval.Err);
        Assert.Contains("24 match", lmEval.Out, StringComparison.Ordinal);

        var jsonl = await RunAsync(
            "export", "anthropic__claude-sonnet-4-20250514_popularity_2025-09-15T15-02-26-04-00", "--format", "jsonl", "--server", url);
        Assert.True(jsonl.Code == 0, jsonl.Err);
        Assert.Equal(100, jsonl.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var csvFile = _directory.File("claude.csv");
        var csv = await RunAsync(
            "export", "anthropic__claude-sonnet-4-20250514_popularity_2025-09-15T15-02-26-04-00", "-o", csvFile, "--server", url);
        Assert.True(csv.Code == 0, csv.Err);
        var (header, rows) = Tables.ReadCsv(await File.ReadAllBytesAsync(csvFile));
        Assert.Equal(100, rows.Count);
        Assert.Equal(0.57, rows.Average(r => r[header.IndexOf("match:match")] == "True" ? 1.0 : 0.0), 12);
    }

    [Fact]
    public async Task BadFiles_GiveErrorsNamingFileAndPlace()
    {
        var truncated = _directory.File("broken.json");
        var text = await File.ReadAllTextAsync(Corpus.File(Corpus.JsonPopularity));
        await File.WriteAllTextAsync(truncated, text[..(text.Length / 2)]);
        var cut = await RunAsync("import", truncated, "--input-format", "inspect", "--db", Db);
        Assert.Equal(2, cut.Code);
        Assert.Contains("broken.json", cut.Err, StringComparison.Ordinal);
        Assert.Contains("truncated JSON at byte", cut.Err, StringComparison.Ordinal);

        var rows = _directory.File("rows.jsonl");
        await File.WriteAllLinesAsync(rows, [
            """{"item": {"q": 1}, "sample": {}, "metrics": {"m": [{"name": "m", "value": 1}]}}""",
            """{"item": {"q": 2}, "sample": {}, "metrics": {"m": [{"name": "m", "value": Infinity}]}}""",
        ]);
        var bad = await RunAsync("import", rows, "--db", Db);
        Assert.Equal(2, bad.Code);
        Assert.Contains("rows.jsonl: line 2", bad.Err, StringComparison.Ordinal);

        var unknown = _directory.File("notes.txt");
        await File.WriteAllTextAsync(unknown, "hello");
        var refused = await RunAsync("import", unknown, "--db", Db);
        Assert.Equal(2, refused.Code);
        Assert.Contains("notes.txt: not a format Evalstore can import", refused.Err, StringComparison.Ordinal);
        // Nothing was left behind by the failures.
        var list = await RunAsync("results", "list", "--db", Db, "--format", "json");
        Assert.DoesNotContain("\"name\"", list.Out, StringComparison.Ordinal);
    }

    private static int CountOccurrences(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
