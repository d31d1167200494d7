using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Scoring.Metrics;

/// <summary>What a metric says about one row: a value (number, boolean, label or null), and optionally why, or an error.</summary>
public readonly record struct MetricOutcome(object? Value, string? Reasoning = null, string? Error = null)
{
    /// <summary>A failed scoring: the value is null (NaN) and the error is recorded in <c>metric_errors</c>.</summary>
    public static MetricOutcome Failed(string error) => new(null, null, error);
}

/// <summary>A metric computed offline over rows that already hold model outputs.</summary>
public abstract class Metric(MetricSpec spec)
{
    /// <summary>The spec it was built from.</summary>
    public MetricSpec Spec { get; } = spec;

    /// <summary>How the metric's score is declared on the result.</summary>
    public virtual MetricDeclaration Declaration => new() { Metric = Spec.Key, Type = ScoreType.Range, HigherIsBetter = true };

    /// <summary>Scores one row.</summary>
    public abstract ValueTask<MetricOutcome> ScoreAsync(JsonElement row, CancellationToken cancellationToken);

    /// <summary>Scores computed over the whole corpus once every row was seen (e.g. corpus BLEU).</summary>
    public virtual IReadOnlyList<CorpusScore> CorpusScores() => [];
}

/// <summary>A metric of an output against a reference, both taken from the row by templates.</summary>
public abstract class PairMetric(MetricSpec spec) : Metric(spec)
{
    private readonly string _output = spec.Output ?? MetricSpec.DefaultOutput;
    private readonly string _reference = spec.Reference ?? MetricSpec.DefaultReference;

    /// <inheritdoc />
    public override ValueTask<MetricOutcome> ScoreAsync(JsonElement row, CancellationToken cancellationToken)
    {
        var output = Template.Render(_output, row);
        if (output is null)
        {
            return ValueTask.FromResult(MetricOutcome.Failed($"the output template {_output} names a field this row does not have"));
        }
        var reference = Template.Render(_reference, row);
        if (reference is null && NeedsReference)
        {
            return ValueTask.FromResult(MetricOutcome.Failed($"the reference template {_reference} names a field this row does not have"));
        }
        return ValueTask.FromResult(Score(output, reference ?? ""));
    }

    /// <summary>False for metrics that judge the output alone (json-valid).</summary>
    protected virtual bool NeedsReference => true;

    /// <summary>Scores an output against a reference.</summary>
    protected abstract MetricOutcome Score(string output, string reference);
}
