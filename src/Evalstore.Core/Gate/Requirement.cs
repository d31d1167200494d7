using System.Globalization;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;

namespace Evalstore.Core.Gate;

/// <summary>
/// A requirement on a result: <c>&lt;score&gt;.&lt;statistic&gt; &lt;op&gt; &lt;number&gt;</c> (score as <c>metric</c>,
/// <c>metric:score</c> or a score name; statistic as in <see cref="PassStatus.Statistic"/>) or <c>pass_status==true|false</c>.
/// </summary>
public sealed record Requirement(string Text, string? Score, string? Statistic, string Operator, double Threshold)
{
    private static readonly string[] s_operators = [">=", "<=", "==", "!=", ">", "<", "="];

    /// <summary>Parses a requirement or throws a 400 that shows the expected form.</summary>
    public static Requirement Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var op in s_operators)
        {
            var at = text.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }
            var left = text[..at].Trim();
            var right = text[(at + op.Length)..].Trim();
            var normalized = op == "=" ? "==" : op;
            var threshold = right switch
            {
                "true" => 1,
                "false" => 0,
                _ when double.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) => v,
                _ => throw Bad(text, $"'{right}' is not a number"),
            };
            if (left == "pass_status")
            {
                return new Requirement(text, null, null, normalized, threshold);
            }
            var dot = left.LastIndexOf('.');
            if (dot <= 0 || dot == left.Length - 1)
            {
                throw Bad(text, "name a statistic after the score, e.g. exact-match.mean");
            }
            return new Requirement(text, left[..dot], left[(dot + 1)..], normalized, threshold);
        }
        throw Bad(text, "no comparison operator");
    }

    private static EvalstoreException Bad(string text, string why) => EvalstoreException.BadRequest(
        $"Requirement '{text}': {why}. Write it as score.statistic OP number (exact-match.mean>=0.8, accuracy.ci_low>=0.7, " +
        "latency_ms.p90<=2000) or pass_status==true; operators >= <= > < == !=.");

    /// <summary>True when <paramref name="actual"/> satisfies the requirement.</summary>
    public bool Holds(double actual) => Operator switch
    {
        ">=" => actual >= Threshold,
        "<=" => actual <= Threshold,
        ">" => actual > Threshold,
        "<" => actual < Threshold,
        "==" => actual == Threshold,
        "!=" => actual != Threshold,
        _ => false,
    };

    /// <summary>Checks the requirement against a result's aggregates.</summary>
    public GateCheck Check(ResultInfo result)
    {
        if (Score is null)
        {
            var pass = result.PassStatus;
            var holds = pass is { } p && Holds(p ? 1 : 0);
            return new GateCheck
            {
                Name = Text, Kind = GateCheckKind.Requirement, Status = holds ? GateStatus.Pass : GateStatus.Fail,
                Actual = pass is null ? null : pass.Value ? 1 : 0,
                    Threshold = Threshold,
                Message = pass is null ? "the result has no star metric, so no pass_status"
                    : $"pass_status is {pass.Value.ToString().ToLowerInvariant()}",
            };
        }
        var aggregate = Find(result.Scores, Score);
        if (aggregate is null)
        {
            return new GateCheck
            {
                Name = Text, Kind = GateCheckKind.Requirement, Status = GateStatus.Fail, Threshold = Threshold,
                Message = $"no score '{Score}' (scores: {string.Join(", ", result.Scores.Select(Key))})",
            };
        }
        var value = PassStatus.Statistic(aggregate, Statistic);
        if (value is null)
        {
            return new GateCheck
            {
                Name = Text, Kind = GateCheckKind.Requirement, Status = GateStatus.Fail, Threshold = Threshold,
                Message = $"'{Statistic}' is not available for {Key(aggregate)} (unknown statistic, or no values)",
            };
        }
        var ok = Holds(value.Value);
        return new GateCheck
        {
            Name = Text, Kind = GateCheckKind.Requirement, Status = ok ? GateStatus.Pass : GateStatus.Fail, Actual = value,
            Threshold = Threshold,
            Message =
                $"{Key(aggregate)} {Statistic} = {value.Value.ToString("G6", CultureInfo.InvariantCulture)} (n = {aggregate.ItemCount}); " +
                $"required {Operator} {Threshold.ToString(CultureInfo.InvariantCulture)}",
        };
    }

    /// <summary>The aggregate a score reference names: <c>metric:score</c>, a metric's only score, or a score name.</summary>
    public static ScoreAggregate? Find(IReadOnlyList<ScoreAggregate> scores, string reference)
    {
        var colon = reference.LastIndexOf(':');
        if (colon > 0)
        {
            return scores.FirstOrDefault(s => s.Metric == reference[..colon] && s.Name == reference[(colon + 1)..]);
        }
        var ofMetric = scores.Where(s => s.Metric == reference).ToList();
        return ofMetric.Count == 1 ? ofMetric[0] : ofMetric.FirstOrDefault(s => s.Name == reference)
            ?? scores.FirstOrDefault(s => s.Name == reference);
    }

    /// <summary>How a score is written in messages.</summary>
    public static string Key(ScoreAggregate score) => score.Metric == score.Name ? score.Metric : $"{score.Metric}:{score.Name}";
}
