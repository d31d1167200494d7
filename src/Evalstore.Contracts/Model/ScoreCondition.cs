using System.Globalization;

namespace Evalstore.Core.Model;

/// <summary>
/// A row condition on score values, written <c>exact-match&lt;0.7</c>, <c>judge:helpfulness&gt;=3</c> or
/// <c>any&lt;0.7</c> (any score of the row). NaN values never satisfy a condition.
/// </summary>
/// <param name="Metric">Metric key, or null for any score.</param>
/// <param name="Score">Score name within the metric, or null for any score of the metric.</param>
/// <param name="Operator">One of <c>&lt; &lt;= &gt; &gt;= = !=</c>.</param>
/// <param name="Threshold">The number compared with (booleans are 1 and 0).</param>
public sealed record ScoreCondition(string? Metric, string? Score, string Operator, double Threshold)
{
    private static readonly string[] s_operators = ["<=", ">=", "!=", "==", "<", ">", "="];

    /// <summary>Parses <c>key OP number</c>; throws <see cref="EvalstoreException"/> (400) with a useful message otherwise.</summary>
    public static ScoreCondition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var op in s_operators)
        {
            var at = text.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }
            var key = text[..at].Trim();
            var valueText = text[(at + op.Length)..].Trim();
            double threshold = valueText switch
            {
                "true" => 1,
                "false" => 0,
                _ when double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) => v,
                _ => throw EvalstoreException.BadRequest($"Row condition '{text}': '{valueText}' is not a finite number."),
            };
            var normalized = op == "==" ? "=" : op;
            if (key is "any" or "*")
            {
                return new ScoreCondition(null, null, normalized, threshold);
            }
            var colon = key.LastIndexOf(':');
            return colon > 0
                ? new ScoreCondition(key[..colon], key[(colon + 1)..], normalized, threshold)
                : new ScoreCondition(key, null, normalized, threshold);
        }
        throw EvalstoreException.BadRequest(
            $"Row condition '{text}' is not of the form 'metric<0.7', 'metric:score>=1' or 'any<0.7' (operators < <= > >= = !=).");
    }

    /// <summary>True when the condition applies to this score.</summary>
    public bool Covers(string metric, string score) =>
        (Metric is null || string.Equals(Metric, metric, StringComparison.Ordinal))
        && (Score is null || string.Equals(Score, score, StringComparison.Ordinal));

    /// <summary>Evaluates the condition on a number; NaN is never a match.</summary>
    public bool Matches(double value) => !double.IsNaN(value) && Operator switch
    {
        "<" => value < Threshold,
        "<=" => value <= Threshold,
        ">" => value > Threshold,
        ">=" => value >= Threshold,
        "=" => value == Threshold,
        "!=" => value != Threshold,
        _ => false,
    };

    /// <inheritdoc />
    public override string ToString() =>
        (Metric is null ? "any" : Score is null ? Metric : $"{Metric}:{Score}") + Operator
            + Threshold.ToString("R", CultureInfo.InvariantCulture);
}
