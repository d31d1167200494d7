using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Core.Ingest;

/// <summary>
/// Reads a score value and checks it against the run's declaration for that score: rubric labels must be declared
/// levels (and take the level's value), binary scores must be booleans or 0/1, range scores numbers, text strings.
/// Undeclared scores take any number, boolean, string or null.
/// </summary>
internal sealed class ScoreTyping(IReadOnlyList<MetricDeclaration>? declarations)
{
    private readonly IReadOnlyList<MetricDeclaration> _declarations = declarations ?? [];

    public ScoreValue Read(string metric, string name, JsonElement value, ScorePath path)
    {
        var raw = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble() is var d && double.IsFinite(d)
                ? ScoreValue.Of(d)
                : throw EvalstoreException.BadRequest($"'{path}.value' {value.GetRawText()} is not a finite number"),
            JsonValueKind.True => ScoreValue.Of(true),
            JsonValueKind.False => ScoreValue.Of(false),
            JsonValueKind.Null => ScoreValue.Nan,
            JsonValueKind.String => ReadString(value.GetString()!, path),
            _ => throw EvalstoreException.BadRequest(
                $"'{path}.value' must be a number, boolean, string or null, found {RowParser.Describe(value.ValueKind)}"),
        };
        if (_declarations.Count == 0 || raw.Kind == ScoreValueKind.Nan)
        {
            return raw;
        }
        var declaration = Find(metric, name);
        if (declaration is { Min: not null } or { Max: not null } && raw.Kind != ScoreValueKind.Label)
        {
            InBounds(raw, declaration, path);
        }
        return declaration?.Type switch
        {
            ScoreType.Rubric => ToRubric(raw, declaration, path),
            ScoreType.Binary => raw.Kind == ScoreValueKind.Boolean || (raw.Kind == ScoreValueKind.Number && raw.Number is 0 or 1)
                ? new ScoreValue(ScoreValueKind.Boolean, raw.Number, null)
                : throw EvalstoreException.BadRequest($"'{path}.value' must be true/false or 0/1: '{metric}' is declared binary"),
            ScoreType.Range => raw.Kind != ScoreValueKind.Label
                ? raw
                : throw EvalstoreException.BadRequest(
                    $"'{path}.value' must be a number: '{metric}' is declared range, found \"{raw.Label}\""),
            ScoreType.Text => raw.Kind == ScoreValueKind.Label
                ? raw
                : throw EvalstoreException.BadRequest($"'{path}.value' must be a string: '{metric}' is declared text"),
            _ => raw,
        };
    }

    /// <summary>A declared range is a promise every interval relies on, so a value outside it is refused at the door.</summary>
    private static void InBounds(ScoreValue raw, MetricDeclaration declaration, ScorePath path)
    {
        var bounds = new ScoreBounds(declaration.Min, declaration.Max);
        if (!bounds.Contains(raw.Number))
        {
            throw EvalstoreException.BadRequest(
                $"'{path}.value' {raw.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)} lies outside {bounds}, "
                + $"the range declared for '{declaration.Metric}'");
        }
    }

    private static ScoreValue ReadString(string text, ScorePath path) => text switch
    {
        "NaN" or "nan" => ScoreValue.Nan,
        "Infinity" or "-Infinity" or "inf" or "-inf" => throw EvalstoreException.BadRequest(
            $"'{path}.value' {text} is not allowed; use a finite number, or null or \"NaN\" for a missing score"),
        _ => ScoreValue.OfLabel(text),
    };

    private static ScoreValue ToRubric(ScoreValue raw, MetricDeclaration declaration, ScorePath path)
    {
        var levels = declaration.Rubric ?? [];
        foreach (var level in levels)
        {
            if (raw.Kind == ScoreValueKind.Label ? string.Equals(level.Label, raw.Label, StringComparison.Ordinal)
                : level.Value == raw.Number)
            {
                return ScoreValue.OfLabel(level.Label, level.Value);
            }
        }
        var shown = raw.Kind == ScoreValueKind.Label ? $"\"{raw.Label}\""
            : raw.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        throw EvalstoreException.BadRequest(
            $"'{path}.value' {shown} is not a level of rubric '{declaration.Metric}' (levels: " +
                $"{string.Join(", ", levels.Select(l => $"{l.Label}={l.Value}"))})");
    }

    private MetricDeclaration? Find(string metric, string name)
    {
        MetricDeclaration? general = null;
        foreach (var declaration in _declarations)
        {
            if (!declaration.Covers(metric, name))
            {
                continue;
            }
            if (declaration.Score is not null)
            {
                return declaration;
            }
            general ??= declaration;
        }
        return general;
    }
}

/// <summary>
/// Where a score sits in a line (<c>metrics.&lt;key&gt;[i]</c>), for error messages only: a struct whose text is made when
/// an error needs it, not once per score of every row.
/// </summary>
internal readonly record struct ScorePath(string Metric, int Index)
{
    public override string ToString() => $"metrics.{Metric}[{Index}]";
}
