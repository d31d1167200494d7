using Evalstore.Core.Model;
using Evalstore.Core.Statistics;

namespace Evalstore.Core.Tests.Statistics;

public sealed class ScoreJoinTests
{
    /// <summary>Random results with shared and unshared digests, trials, NaN and drift.</summary>
    private static List<ItemScore> Side(Random random, int rows, int offset, string[] digests)
    {
        var values = new List<ItemScore>();
        for (var row = 0; row < rows; row++)
        {
            // Content instances differ between sides (as two stores' reads do): copy the string.
            var digest = new string(digests[(row + offset) % digests.Length].AsSpan());
            for (var trial = 0; trial < random.Next(1, 3); trial++)
            {
                var value = random.NextDouble() < 0.1 ? ScoreValue.Nan : ScoreValue.Of(Math.Round(random.NextDouble(), 2));
                values.Add(new ItemScore(digest, row, trial, value));
            }
        }
        return values;
    }

    [Fact]
    public void Join_AgreesWithItemJoinOnEveryScore()
    {
        var random = new Random(5);
        var digests = Enumerable.Range(0, 300).Select(i => $"digest-{i:D4}").ToArray();
        var a = Enumerable.Range(0, 3).Select(_ => (IReadOnlyList<ItemScore>)Side(random, 250, 0, digests)).ToList();
        var b = Enumerable.Range(0, 3).Select(_ => (IReadOnlyList<ItemScore>)Side(random, 260, 7, digests)).ToList();
        var joined = ScoreJoin.Join(a, b);
        for (var s = 0; s < 3; s++)
        {
            var expected = ItemJoin.Join(a[s], b[s]);
            var actual = joined[s];
            Assert.Equal(expected.Pairs, actual.Pairs);
            Assert.Equal(expected.OnlyInA, actual.OnlyInA);
            Assert.Equal(expected.OnlyInB, actual.OnlyInB);
            Assert.Equal(expected.MatchedWithoutValues, actual.MatchedWithoutValues);
        }
        // Drift over all scores: row indexes whose digests differ (the sides are shifted by seven).
        Assert.True(joined[0].DriftCount > 200);
        Assert.Equal(ItemJoin.Join(a[0], b[0]).DriftCount, joined[0].DriftCount);
    }

    [Fact]
    public void DuplicateItems_AreCountedPerSide_AndPooledIntoOneMatch()
    {
        // Issue 11: the demo's "What is 82 + 16?" twice in one result. 240 rows, 239 matched items: the count explains it.
        static ItemScore Row(string digest, long row, double value) => new(digest, row, 0, ScoreValue.Of(value));
        List<ItemScore> a = [Row("q1", 0, 1), Row("q2", 1, 0), Row("q2", 2, 1), Row("q3", 3, 1), Row("q2", 4, 1)];
        List<ItemScore> b = [Row("q1", 0, 1), Row("q2", 1, 1), Row("q3", 2, 0)];
        var joined = ScoreJoin.Join([a], [b])[0];
        Assert.Equal(3, joined.Matched);
        Assert.Equal(new DuplicateItems(1, 2), joined.DuplicatesA);   // q2 on three rows: one item, two extra rows
        Assert.Equal(new DuplicateItems(0, 0), joined.DuplicatesB);
        var q2 = joined.Pairs.Single(p => p.Digest == "q2");
        Assert.Equal((1L, 2.0 / 3), (q2.RowIndexA, q2.A));             // pooled like trials, matched at the first row
        Assert.Contains("averaged", DuplicateItems.Rule, StringComparison.Ordinal);
    }
}
