namespace Evalstore.Core.Statistics;

/// <summary>One subtask of a group: its item count and standard error.</summary>
/// <param name="Count">Items n_i.</param>
/// <param name="Mean">Mean of the subtask.</param>
/// <param name="StdErr">Standard error se_i (sample std / sqrt(n_i)).</param>
public readonly record struct Subtask(long Count, double Mean, double StdErr);

/// <summary>lm-evaluation-harness's group aggregation (<c>lm_eval/api/metrics.py</c>).</summary>
public static class GroupStdErr
{
    /// <summary>
    /// lm-eval's <c>pooled_sample_stderr</c>: <c>sqrt(Σ (n_i − 1)·n_i·se_i² / (N − k) / N)</c> with N = Σ n_i and k
    /// subtasks, i.e. the pooled within-subtask variance over N. It ignores differences between subtask means,
    /// so it can be smaller or larger than the SE of the concatenated data.
    /// </summary>
    public static double Pooled(IReadOnlyList<Subtask> subtasks)
    {
        ArgumentNullException.ThrowIfNull(subtasks);
        double total = 0, pooled = 0;
        foreach (var s in subtasks)
        {
            total += s.Count;
            pooled += (s.Count - 1) * (double)s.Count * s.StdErr * s.StdErr;
        }
        var dof = total - subtasks.Count;
        if (dof <= 0)
        {
            throw new ArgumentException("The group needs more items than subtasks.", nameof(subtasks));
        }
        return Math.Sqrt(pooled / dof / total);
    }

    /// <summary>lm-eval's default group score: the size-weighted mean Σ n_i·mean_i / N.</summary>
    public static double WeightedMean(IReadOnlyList<Subtask> subtasks)
    {
        ArgumentNullException.ThrowIfNull(subtasks);
        double total = 0, weighted = 0;
        foreach (var s in subtasks)
        {
            total += s.Count;
            weighted += s.Count * s.Mean;
        }
        return total > 0 ? weighted / total : throw new ArgumentException("The group has no items.", nameof(subtasks));
    }
}
