using Evalstore.Core.Model;

namespace Evalstore.Formats.Exporting;

/// <summary>
/// The columns of an aggregates table (CSV and the XLSX Aggregates sheet): one row per score, named as the native
/// API's aggregate members so that <c>df_agg[["name", "score_type", "mean", "std_dev", "min", "max", "count"]]</c>
/// of the NeMo pandas examples works on it unchanged.
/// </summary>
internal static class AggregateColumns
{
    private static readonly string[] s_percentiles = ["p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99"];

    public static readonly IReadOnlyList<(string Name, Func<ScoreAggregate, TableCell> Cell)> All =
    [
        ("metric", a => TableCell.Of(a.Metric)),
        ("name", a => TableCell.Of(a.Name)),
        ("score_type", a => TableCell.Of(a.ScoreType.ToString().ToLowerInvariant())),
        ("count", a => TableCell.Of(a.Count)),
        ("nan_count", a => TableCell.Of(a.NanCount)),
        ("sum", a => TableCell.Of(a.Sum)),
        ("mean", a => TableCell.Of(a.Mean)),
        ("std_dev", a => TableCell.Of(a.StdDev)),
        ("variance", a => TableCell.Of(a.Variance)),
        ("sample_std_dev", a => TableCell.Of(a.SampleStdDev)),
        ("min", a => TableCell.Of(a.Min)),
        ("max", a => TableCell.Of(a.Max)),
        .. s_percentiles.Select(p => (p, (Func<ScoreAggregate, TableCell>)(a => TableCell.Of(a.Percentiles?.GetValueOrDefault(p))))),
        ("item_count", a => TableCell.Of(a.ItemCount)),
        ("item_mean", a => TableCell.Of(a.ItemMean)),
        ("std_err", a => TableCell.Of(a.StdErr)),
        ("ci_low", a => TableCell.Of(a.CiLow)),
        ("ci_high", a => TableCell.Of(a.CiHigh)),
        ("pass_rate", a => TableCell.Of(a.PassRate)),
        ("pass_count", a => a.PassCount is { } passed ? TableCell.Of(passed) : TableCell.Empty),
        ("mode_category", a => TableCell.Of(a.ModeCategory)),
        ("higher_is_better", a => TableCell.Of(a.HigherIsBetter)),
    ];
}
