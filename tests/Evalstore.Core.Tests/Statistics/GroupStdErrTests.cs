using Evalstore.Core.Statistics;
using static Evalstore.Core.Tests.Statistics.Scores;

namespace Evalstore.Core.Tests.Statistics;

public sealed class GroupStdErrTests
{
    [Fact]
    public void PooledSampleStdErr_MatchesLmEvalOnD1AndD2()
    {
        var d1 = Numbers(1, 0, 1, 1, 0);
        var d2 = Numbers(0.2, 0.5, double.NaN, 0.9, 0.4, 0.7, 0.35);
        Subtask[] group = [new(d1.ItemCount, d1.Mean!.Value, d1.StdErr!.Value), new(d2.ItemCount, d2.Mean!.Value, d2.StdErr!.Value)];
        Assert.Equal(0.12399427053125932, GroupStdErr.Pooled(group), 1e-9);   // 0.123994
        Assert.Equal(0.55, GroupStdErr.WeightedMean(group), 1e-12);
        var concatenated = Numbers(1, 0, 1, 1, 0, 0.2, 0.5, 0.9, 0.4, 0.7, 0.35);
        Near(0.118514, concatenated.StdErr, 1e-6);   // the SEM of the pooled data differs, as the table notes
    }

    [Fact]
    public void Pooled_NeedsMoreItemsThanSubtasks()
    {
        Assert.Throws<ArgumentException>(() => GroupStdErr.Pooled([new(1, 0.5, 0)]));
    }
}
