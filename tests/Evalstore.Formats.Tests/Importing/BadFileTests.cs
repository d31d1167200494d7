using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Formats.Importing;
using Evalstore.Formats.Tests.Support;

namespace Evalstore.Formats.Tests.Importing;

/// <summary>Files that cannot be read give a 400 naming the file and the line or entry, and leave nothing behind.</summary>
public sealed class BadFileTests : StoreTests
{
    [Fact]
    public async Task LmEvalSamples_MalformedLineIsNamed()
    {
        var directory = TempPath("lm");
        Directory.CreateDirectory(directory);
        var results = Path.Combine(directory, Path.GetFileName(Corpus.BiasFiveShot));
        File.Copy(Corpus.File(Corpus.BiasFiveShot), results);
        var lines = await File.ReadAllLinesAsync(Corpus.File(Corpus.BiasFiveShotSamples));
        lines[2] = lines[2][..100];
        await File.WriteAllLinesAsync(Path.Combine(directory, Path.GetFileName(Corpus.BiasFiveShotSamples)), lines);

        var error = await Assert.ThrowsAsync<EvalstoreException>(() => ImportPathsAsync([results]));
        Assert.Equal(400, error.Status);
        Assert.StartsWith("samples_bias_classification_2024-06-17T12-20-26.826621.json: line 3: malformed sample", error.Detail,
            StringComparison.Ordinal);
        Assert.Empty((await Store.ListResultsAsync(Ws, new ResultQuery())).Data);
    }

    [Fact]
    public async Task PromptfooRow_WithAnInfiniteScoreNamesTheEntry()
    {
        var text = await File.ReadAllTextAsync(Corpus.File(Corpus.Promptfoo));
        var broken = TempPath("output.json");
        await File.WriteAllTextAsync(broken,
            System.Text.RegularExpressions.Regex.Replace(
                text, "\"score\": 0.8203000664800403,(\\s*)\"success\"", "\"score\": \"Infinity\",$1\"success\""));
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => ImportPathsAsync([broken]));
        Assert.Equal(400, error.Status);
        Assert.Contains("output.json: results.results[0]", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalZip_WithoutHeaderIsRefused()
    {
        var zip = TempPath("empty.eval");
        using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create))
        {
            archive.CreateEntry("readme.txt");
        }
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => ImportPathsAsync([zip]));
        Assert.Equal("empty.eval: a zip without header.json: not an inspect .eval log", error.Detail);
    }

    [Fact]
    public async Task NameForSeveralResults_IsRefusedBeforeAnythingIsImported()
    {
        var options = new ImportOptions { Overrides = new RunSpec { Name = "one-name" } };
        var error = await Assert.ThrowsAsync<EvalstoreException>(() =>
            ImportPathsAsync([Corpus.File(Corpus.BiasFiveShot), Corpus.File(Corpus.Promptfoo)], options));
        Assert.Contains("--name names one result, but this import holds 2", error.Detail, StringComparison.Ordinal);
        Assert.Empty((await Store.ListResultsAsync(Ws, new ResultQuery())).Data);
    }

    [Fact]
    public async Task ForcedWrongFormat_SaysWhatTheFileIsNot()
    {
        var options = new ImportOptions { Format = ImportFormat.LmEval };
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => ImportPathsAsync([Corpus.File(Corpus.JsonPopularity)], options));
        Assert.StartsWith("2025-05-12T20-28-13-04-00_popularity.json: not an lm-eval results file", error.Detail, StringComparison.Ordinal);

        // In a directory, a forced format picks its files and skips the others.
        var report = await ImportPathsAsync([Corpus.File("inspect_ai/json_logs")], new ImportOptions { Format = ImportFormat.Promptfoo });
        Assert.Empty(report.Results);
        Assert.Equal(4, report.Skipped.Count);
    }
}
