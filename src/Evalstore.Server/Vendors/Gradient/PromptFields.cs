using System.Globalization;
using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// Where each field of a DigitalOcean prompt comes from in a stored row: a dotted path from the row's top level
/// (<c>item.question</c>, <c>sample.output_text</c>, <c>requests.0.response</c>). Defaults follow the ingest contract;
/// a result overrides any of them with a label such as <c>gradient.input=item.question</c>.
/// </summary>
internal sealed record PromptFields(
    string Input, string Output, string GroundTruth, string InputTokens, string OutputTokens, string Chunks, string? TraceId)
{
    public static readonly PromptFields Default = new("item.input", "sample.output_text", "item.reference", "usage.input_tokens",
        "usage.output_tokens", "chunks", null);

    /// <summary>The defaults with the result's <c>gradient.*</c> labels applied.</summary>
    public static PromptFields For(ResultInfo result) => new(
        GradientRuns.Label(result, "input") ?? Default.Input,
        GradientRuns.Label(result, "output") ?? Default.Output,
        GradientRuns.Label(result, "ground_truth") ?? Default.GroundTruth,
        GradientRuns.Label(result, "input_tokens") ?? Default.InputTokens,
        GradientRuns.Label(result, "output_tokens") ?? Default.OutputTokens,
        GradientRuns.Label(result, "prompt_chunks") ?? Default.Chunks,
        GradientRuns.Label(result, "trace_id") ?? Default.TraceId);

    /// <summary>The value at a dotted path, or null when any step is missing.</summary>
    public static JsonElement? Resolve(JsonElement root, string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        var current = root;
        foreach (var step in path.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(step, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array
                && int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }
        return current;
    }

    /// <summary>Text of a value: a string as it is, null or missing as <c>""</c>, anything else as its JSON.</summary>
    public static string Text(JsonElement? value) => value switch
    {
        null => "",
        { ValueKind: JsonValueKind.String } v => v.GetString()!,
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => "",
        { } v => v.GetRawText(),
    };

    /// <summary>A token count as a uint64 string: a non-negative integer (number or digits), else <c>"0"</c>.</summary>
    public static string Tokens(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var n) && n >= 0 => GradientJson.Uint64(n),
        { ValueKind: JsonValueKind.Number } v when v.TryGetDouble(out var d) && d >= 0 && d <= long.MaxValue
            => GradientJson.Uint64((long)d),
        { ValueKind: JsonValueKind.String } v when long.TryParse(
            v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) =>
            GradientJson.Uint64(n),
        _ => "0",
    };
}
