using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Formats.Importing;
using Evalstore.Formats.Json;

namespace Evalstore.Formats.Promptfoo;

/// <summary>
/// promptfoo's <c>eval -o out.json</c>: one evaluation result per entry of <c>results.prompts</c> (a provider with one
/// prompt; with several prompts, one per prompt), named <c>&lt;provider&gt;_&lt;evalId&gt;</c>. The file is walked once for
/// its header and once per result for that result's rows, never held whole. Each result is checked against its
/// <c>prompts[].metrics</c>: score sum, test pass/fail counts, assertion pass/fail counts and named-score sums.
/// </summary>
internal sealed class PromptfooImporter : IHarnessImporter
{
    private static readonly string[] s_rowsPath = ["results", "results"];

    public async Task<IReadOnlyList<PlannedResult>> PlanAsync(
        ImportSource source, ImportOptions options, CancellationToken cancellationToken)
    {
        var header = await ReadHeaderAsync(source, cancellationToken);
        var results = header.TryGetProperty("results", out var r) ? r : default;
        if (results.ValueKind != JsonValueKind.Object || !results.TryGetProperty("prompts", out var prompts)
            || prompts.ValueKind != JsonValueKind.Array)
        {
            throw EvalstoreException.BadRequest($"{source.Name}: not a promptfoo output file of version 3 or later (no results.prompts).")
                .With("file", source.Name);
        }
        var evalId = Text(header, "evalId") ?? Path.GetFileNameWithoutExtension(source.Name);
        var config = header.TryGetProperty("config", out var c) ? c : default;
        var perProvider = prompts.EnumerateArray().GroupBy(p => Text(p, "provider") ?? "").ToDictionary(g => g.Key, g => g.Count());
        var planned = new List<PlannedResult>();
        var index = 0;
        foreach (var prompt in prompts.EnumerateArray())
        {
            var promptIdx = index++;
            var provider = Text(prompt, "provider") ?? "unknown-provider";
            var labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["harness"] = "promptfoo", ["eval_id"] = evalId, ["provider"] = provider,
                ["prompt_idx"] = promptIdx.ToString(CultureInfo.InvariantCulture),
            };
            if (Text(prompt, "label") is { Length: > 0 } label)
            {
                labels["prompt_label"] = label.Length > 200 ? label[..200] : label;
            }
            if (header.TryGetProperty("metadata", out var metadata) && Text(metadata, "promptfooVersion") is { } version)
            {
                labels["promptfoo_version"] = version;
            }
            var spec = new RunSpec
            {
                Name =
                    $"{provider.Replace("/", "__", StringComparison.Ordinal)}_{evalId}" +
                    $"{(perProvider[Text(prompt, "provider") ?? ""] > 1 ? $"_p{promptIdx}" : "")}",
                Kind = ResultKind.Evaluation,
                Evaluation = Text(config, "description") ?? evalId,
                Model = provider,
                Labels = labels,
                Config = Combine(config, prompt),
                StartedAt = Text(results, "timestamp") is { } ts && DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, out var at)
                    ? at : null,
            };
            planned.Add(new PlannedResult(spec, (progress, ct) => RowsAsync(source, promptIdx, provider, progress, ct),
                Expectations(prompt, promptIdx), [])
            {
                ProgressTotal = new FileInfo(source.Path).Length,
            });
        }
        return planned;
    }

    private static async Task<JsonElement> ReadHeaderAsync(ImportSource source, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        await using (var stream = File.OpenRead(source.Path))
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            await new JsonArrayWalker(stream, s_rowsPath, writer, source.Name).SkipToEndAsync(cancellationToken);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static async IAsyncEnumerable<IngestRow> RowsAsync(
        ImportSource source, int promptIdx, string provider, IProgress<long>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var rows = new IngestLineWriter(new RowParser());
        await using var stream = new CountingStream(File.OpenRead(source.Path), progress);
        var walker = new JsonArrayWalker(stream, s_rowsPath, null, source.Name);
        var usedIndexes = new HashSet<long>();
        while (await walker.NextAsync(cancellationToken) is { } bytes)
        {
            var entry = $"results.results[{walker.Count - 1}]";
            using var document = Parse(bytes, source.Name, entry);
            var row = document.RootElement;
            var rowPrompt = row.TryGetProperty("promptIdx", out var p) && p.TryGetInt32(out var pi) ? pi : 0;
            var rowProvider =
                row.TryGetProperty("provider", out var pv) ? pv.ValueKind == JsonValueKind.String ? pv.GetString() : Text(pv, "id") : null;
            if (rowPrompt != promptIdx || (rowProvider is not null && rowProvider != provider))
            {
                continue;
            }
            long? rowIndex =
                row.TryGetProperty("testIdx", out var t) && t.TryGetInt64(out var test) && test >= 0 && usedIndexes.Add(test) ? test : null;
            IngestRow mapped;
            try
            {
                mapped = PromptfooRowMapper.Map(row, rowIndex, rows, walker.Count);
            }
            catch (EvalstoreException e)
            {
                throw EvalstoreException.BadRequest($"{source.Name}: {entry}: {e.Detail}").With("file", source.Name).With("entry", entry);
            }
            yield return mapped;
        }
    }

    private static List<HarnessExpectation> Expectations(JsonElement prompt, int promptIdx)
    {
        var metrics = prompt.TryGetProperty("metrics", out var m) ? m : default;
        var expectations = new List<HarnessExpectation>();
        var at = $"results.prompts[{promptIdx}].metrics";
        double? Number(string name)
            => metrics.ValueKind == JsonValueKind.Object && metrics.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble() : null;
        void Add(string metric, string score, string statistic, string name, double? value) =>
            expectations.Add(
                new HarnessExpectation(metric, score, statistic, $"{at}.{name}", value, value is null ? $"no '{name}' in the file" : null));
        Add(PromptfooRowMapper.Overall, "score", "sum", "score", Number("score"));
        Add(PromptfooRowMapper.Overall, "pass", "pass_count", "testPassCount", Number("testPassCount"));
        var failed = Number("testFailCount") is { } fails ? fails + (Number("testErrorCount") ?? 0) : (double?)null;
        Add(PromptfooRowMapper.Overall, "pass", "fail_count", "testFailCount+testErrorCount", failed);
        Add(HarnessExpectation.AllAssertions, "pass", "pass_count", "assertPassCount", Number("assertPassCount"));
        Add(HarnessExpectation.AllAssertions, "pass", "fail_count", "assertFailCount", Number("assertFailCount"));
        if (metrics.ValueKind == JsonValueKind.Object && metrics.TryGetProperty("namedScores", out var named)
            && named.ValueKind == JsonValueKind.Object)
        {
            foreach (var score in named.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Number))
            {
                Add(score.Name, "score", "sum", $"namedScores.{score.Name}", score.Value.GetDouble());
            }
        }
        return expectations;
    }

    private static JsonDocument Parse(byte[] bytes, string file, string entry)
    {
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw EvalstoreException.BadRequest($"{file}: {entry}: malformed JSON: {e.Message.Split(" LineNumber:", 2)[0]}").With(
                "file", file).With("entry", entry);
        }
    }

    private static JsonElement Combine(JsonElement config, JsonElement prompt)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (config.ValueKind == JsonValueKind.Object)
            {
                writer.WritePropertyName("promptfoo_config");
                config.WriteTo(writer);
            }
            writer.WritePropertyName("prompt");
            prompt.WriteTo(writer);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static string? Text(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}
