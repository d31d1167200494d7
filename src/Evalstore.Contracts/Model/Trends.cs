using System.Text.Json.Serialization;

namespace Evalstore.Core.Model;

/// <summary>Which series a trend follows: one score over the completed results of a dataset, benchmark or project.</summary>
public sealed record TrendRequest
{
    /// <summary>The score, as <c>metric</c> or <c>metric:score</c> (as the gate names it).</summary>
    public required string Score { get; init; }
    /// <summary>Only this model; null draws every model of the series.</summary>
    public string? Model { get; init; }
    /// <summary>Results on this dataset.</summary>
    public string? Dataset { get; init; }
    /// <summary>Results of this benchmark.</summary>
    public string? Benchmark { get; init; }
    /// <summary>Results of this project (with or without a dataset or benchmark).</summary>
    public string? Project { get; init; }
    /// <summary>Significance level of the step tests, after Holm along each model's series.</summary>
    public double Alpha { get; init; } = 0.05;
    /// <summary>The latest this many results of the series (at most 1000).</summary>
    public int Limit { get; init; } = 200;
}

/// <summary>A score over time: every completed result of the series in time order, each step tested against the last.</summary>
public sealed record TrendReport
{
    /// <summary>The score followed, as asked.</summary>
    public required string Score { get; init; }
    /// <summary>The series' filters, as asked.</summary>
    public string? Dataset { get; init; }
    /// <summary>The series' filters, as asked.</summary>
    public string? Benchmark { get; init; }
    /// <summary>The series' filters, as asked.</summary>
    public string? Project { get; init; }
    /// <summary>Significance level of the step tests.</summary>
    public double Alpha { get; init; }
    /// <summary>Direction of improvement of the score (of its latest result), which decides regression against improvement.</summary>
    public bool HigherIsBetter { get; init; } = true;
    /// <summary>The models drawn, in order of their first result.</summary>
    public required IReadOnlyList<string> Models { get; init; }
    /// <summary>Every point, oldest first (all models interleaved by time).</summary>
    public required IReadOnlyList<TrendPoint> Points { get; init; }
    /// <summary>How the steps were tested and adjusted.</summary>
    public string Method { get; init; } =
        "each point against the previous point of the same model on shared items (row digest): McNemar exact for 0/1 items, "
        + "paired t otherwise; Holm-adjusted along each model's series";
}

/// <summary>One completed result of a trend: its stored mean and 95% interval, and the step from the model's previous point.</summary>
public sealed record TrendPoint
{
    /// <summary>The result.</summary>
    public required ResultRef Result { get; init; }
    /// <summary>The model ("(no model)" when the result names none).</summary>
    public required string Model { get; init; }
    /// <summary>Mean over items (trials reduced first), as stored at completion.</summary>
    public double? Mean { get; init; }
    /// <summary>Lower end of the stored 95% interval (the one that fits the score: Wilson for proportions, t otherwise).</summary>
    public double? CiLow { get; init; }
    /// <summary>Upper end of the stored 95% interval.</summary>
    public double? CiHigh { get; init; }
    /// <summary>The interval's method, as stored (<c>method.interval</c>).</summary>
    public string? Interval { get; init; }
    /// <summary>Items with a value: the n of the interval.</summary>
    public long N { get; init; }
    /// <summary>The test against the model's previous point; null for a model's first point.</summary>
    public TrendStep? Step { get; init; }
}

/// <summary>A point against the previous point of the same model, on the items both scored.</summary>
public sealed record TrendStep
{
    /// <summary>The previous point's result.</summary>
    public required ResultRef Previous { get; init; }
    /// <summary>Items both results scored.</summary>
    public long SharedItems { get; init; }
    /// <summary>Mean difference (this − previous) over shared items.</summary>
    public double? Difference { get; init; }
    /// <summary>The paired test that fits the items: <c>mcnemar-exact</c> or <c>paired-t</c>.</summary>
    public SignificanceTest? Test { get; init; }
    /// <summary>McNemar's discordant counts (previous passed and this failed, and the other way), for 0/1 items.</summary>
    public McNemarTest? McNemar { get; init; }
    /// <summary>The test's two-sided p.</summary>
    public double? P { get; init; }
    /// <summary>Holm-adjusted along the model's series.</summary>
    public double? AdjustedP { get; init; }
    /// <summary>Regression or improvement only when the adjusted p is at most α, in the score's own direction.</summary>
    public required TrendChange Change { get; init; }
}

/// <summary>What a step of a trend (or a change in a report) concludes.</summary>
public enum TrendChange
{
    /// <summary>Significantly worse than the previous result.</summary>
    [JsonStringEnumMemberName("regression")] Regression,
    /// <summary>Significantly better.</summary>
    [JsonStringEnumMemberName("improvement")] Improvement,
    /// <summary>Tested; not significant after adjustment.</summary>
    [JsonStringEnumMemberName("no significant change")] NoSignificantChange,
    /// <summary>Too few shared items to test.</summary>
    [JsonStringEnumMemberName("inconclusive")] Inconclusive,
}
