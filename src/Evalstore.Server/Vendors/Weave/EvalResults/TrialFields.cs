using System.Text;
using System.Text.Json;
using Evalstore.Core;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// The fields that <c>sort_by</c> and <c>filters</c> read from a trial, by path (dots separate keys, <c>\.</c> is a
/// literal dot, a number indexes a list): <c>scores.&lt;path&gt;</c>, <c>inputs.&lt;path&gt;</c> (the dataset row),
/// <c>output.&lt;path&gt;</c> or <c>outputs.&lt;path&gt;</c> (the predict_and_score output, <c>{"output": model output,
/// "scores": …}</c>; a path that starts with neither reads the model output itself), and <c>row_digest</c>.
/// </summary>
internal static class TrialFields
{
    private static readonly string[] s_prefixes = ["scores.", "inputs.", "output.", "outputs."];

    /// <summary>Returns the path, or throws the 400 Weave answers for an unsupported field.</summary>
    public static string Check(string path) =>
        path == "row_digest" || s_prefixes.Any(p => path.Length > p.Length && path.StartsWith(p, StringComparison.Ordinal))
            ? path
            : throw EvalstoreException.BadRequest(
                $"Unsupported eval results field: '{path}'. Supported: scores.<path>, inputs.<path>, output.<path> (or outputs.<path>), " +
                    $"row_digest.");

    public static bool IsScore(string path) => path.StartsWith("scores.", StringComparison.Ordinal);

    public static QueryValue Read(WeaveTrial trial, string path)
    {
        if (path == "row_digest")
        {
            return QueryValue.Of(trial.Digest);
        }
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var keys = Split(path[(dot + 1)..]);
        switch (path[..dot])
        {
            case "scores":
                return Walk(trial.Scores, keys, 0);
            case "inputs":
                return Walk(trial.Item, keys, 0);
        }
        return keys[0] switch
        {
            "output" => Walk(trial.ModelOutput, keys, 1),
            "scores" => Walk(trial.Scores, keys, 1),
            "model_latency" when keys is [_, "mean"] => trial.LatencySeconds is { } latency ? QueryValue.Of(latency) : QueryValue.Null,
            _ => Walk(trial.ModelOutput, keys, 0),
        };
    }

    private static QueryValue Walk(JsonElement element, List<string> keys, int from)
    {
        for (var i = from; i < keys.Count; i++)
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(keys[i], out var member))
            {
                element = member;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(keys[i], out var index) && index >= 0
                && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                return QueryValue.Null;
            }
        }
        return QueryValue.From(element);
    }

    private static List<string> Split(string path)
    {
        var keys = new List<string>();
        var key = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '\\' && i + 1 < path.Length && path[i + 1] == '.')
            {
                key.Append('.');
                i++;
            }
            else if (path[i] == '.')
            {
                keys.Add(key.ToString());
                key.Clear();
            }
            else
            {
                key.Append(path[i]);
            }
        }
        keys.Add(key.ToString());
        return keys;
    }
}
