using System.Text.Json;

namespace Evalstore.Formats.Importing;

/// <summary>What a file is, as far as its first bytes tell.</summary>
internal enum DetectedKind
{
    Unknown,
    Rows,
    LmEvalResults,
    LmEvalSamples,
    InspectJson,
    InspectEval,
    Promptfoo,
}

/// <summary>
/// Decides a file's format by content, not by name: a zip is an inspect <c>.eval</c> log; a JSONL line with
/// <c>item</c> and <c>metrics</c> is the ingest format, one with <c>doc_id</c> and <c>doc</c> an lm-eval samples file;
/// a JSON document is told apart by its top-level keys (inspect: <c>version</c> + <c>eval</c>; promptfoo:
/// <c>evalId</c> or <c>results.prompts</c>; lm-eval: <c>results</c> with <c>configs</c>, <c>versions</c>, <c>n-shot</c>…).
/// Only the first 256 KiB are read.
/// </summary>
internal static class FormatDetector
{
    private const int PrefixBytes = 256 * 1024;

    private static readonly string[] s_lmEvalKeys =
        ["configs", "versions", "n-shot", "higher_is_better", "group_subtasks", "n-samples", "task_hashes", "lm_eval_version"];

    public static async Task<DetectedKind> DetectAsync(string path, CancellationToken cancellationToken)
    {
        var prefix = new byte[PrefixBytes];
        int length;
        await using (var stream = File.OpenRead(path))
        {
            length = await stream.ReadAtLeastAsync(prefix, PrefixBytes, throwOnEndOfStream: false, cancellationToken);
        }
        return Detect(prefix.AsSpan(0, length), complete: length < PrefixBytes);
    }

    public static DetectedKind Detect(ReadOnlySpan<byte> prefix, bool complete)
    {
        if (prefix.StartsWith("PK\u0003\u0004"u8))
        {
            return DetectedKind.InspectEval;
        }
        var text = prefix.StartsWith("\uFEFF"u8) ? prefix[3..] : prefix;
        text = text.TrimStart(" \t\r\n"u8);
        if (text.IsEmpty)
        {
            return DetectedKind.Unknown;
        }
        var newline = text.IndexOf((byte)'\n');
        if (text[0] == (byte)'{' && newline > 0 && TopKeys(text[..newline], true, out _) is { } lineKeys)
        {
            // A complete object on the first line: JSONL (or a one-line document, told apart by its keys below).
            if (lineKeys.Contains("item") && lineKeys.Contains("metrics"))
            {
                return DetectedKind.Rows;
            }
            if (lineKeys.Contains("doc_id") && lineKeys.Contains("doc"))
            {
                return DetectedKind.LmEvalSamples;
            }
        }
        if (text[0] == (byte)'[')
        {
            // lm-eval before 0.4.2 wrote samples as one JSON array.
            return text.IndexOf("\"doc_id\""u8) >= 0 && text.IndexOf("\"doc\""u8) >= 0 ? DetectedKind.LmEvalSamples : DetectedKind.Unknown;
        }
        if (text[0] != (byte)'{' || TopKeys(text, complete, out var resultsKeys) is not { } keys)
        {
            return DetectedKind.Unknown;
        }
        if (keys.Contains("item") && keys.Contains("metrics"))
        {
            return DetectedKind.Rows;
        }
        if (keys.Contains("eval") && (keys.Contains("version") || keys.Contains("samples") || keys.Contains("status")))
        {
            return DetectedKind.InspectJson;
        }
        if (keys.Contains("evalId") || resultsKeys.Contains("prompts") || resultsKeys.Contains("timestamp"))
        {
            return DetectedKind.Promptfoo;
        }
        if (keys.Contains("results") && (s_lmEvalKeys.Any(keys.Contains) || resultsKeys.Count > 0))
        {
            return DetectedKind.LmEvalResults;
        }
        return DetectedKind.Unknown;
    }

    // Top-level property names of the object the prefix starts, plus the names one level inside "results"; stops
    // quietly where the prefix ends. Null when the prefix is not JSON.
    private static HashSet<string>? TopKeys(ReadOnlySpan<byte> json, bool complete, out HashSet<string> resultsKeys)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        resultsKeys = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json, isFinalBlock: complete, new JsonReaderState(new JsonReaderOptions { MaxDepth = 512 }));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                keys.Add(name);
                if (!reader.Read())
                {
                    break;
                }
                if (name == "results" && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadNames(ref reader, resultsKeys);
                    continue;
                }
                if (!reader.TrySkip())
                {
                    break;
                }
            }
            return keys;
        }
        catch (JsonException)
        {
            return keys.Count > 0 ? keys : null;
        }
    }

    private static void ReadNames(ref Utf8JsonReader reader, HashSet<string> names)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            names.Add(reader.GetString()!);
            if (!reader.Read() || !reader.TrySkip())
            {
                return;
            }
        }
    }
}
