using System.Text;
using Evalstore.Core.Digest;
using Evalstore.Core.Statistics;

namespace Evalstore.Core.Tests.Statistics;

/// <summary>
/// The join over <see cref="ItemColumns"/> (integer item keys from digest bytes) gives what the join over
/// <see cref="ItemScore"/> lists (digest strings) gives, on random results with shared items, trials, NaN, repeated
/// items, drift and rows beyond the dense row range.
/// </summary>
public sealed class ScoreJoinColumnsTests
{
    private static string DigestOf(int item) =>
        RowDigest.Compute(System.Text.Json.JsonDocument.Parse($"{{\"q\": {item}}}").RootElement);

    private static (ItemColumns Columns, List<IReadOnlyList<ItemScore>> Items) Side(Random random, int rows, int offset, int scores)
    {
        var digests = new StringBuilder();
        var rowIndexes = new List<long>();
        for (var row = 0; row < rows; row++)
        {
            // Every 17th row repeats an earlier item; the last rows lie beyond the dense range of row indexes.
            var item = row % 17 == 16 ? row / 2 + offset : row + offset;
            var rowIndex = row < rows - 3 ? row : (1L << 27) + row;
            for (var trial = 0; trial < 1 + row % 3; trial++)
            {
                digests.Append(DigestOf(item));
                rowIndexes.Add(rowIndex);
            }
        }
        var bytes = Encoding.ASCII.GetBytes(digests.ToString());
        var text = Enumerable.Range(0, rowIndexes.Count)
            .Select(i => digests.ToString(i * RowDigest.Length, RowDigest.Length)).ToArray();
        var columns = new List<ItemColumn>();
        var items = new List<IReadOnlyList<ItemScore>>();
        for (var s = 0; s < scores; s++)
        {
            // Each score skips some rows, so not every row has every score.
            var at = Enumerable.Range(0, rowIndexes.Count).Where(_ => random.NextDouble() > 0.1).ToArray();
            var numbers = at.Select(_ => random.NextDouble() < 0.1 ? double.NaN : Math.Round(random.NextDouble(), 2)).ToArray();
            columns.Add(new ItemColumn("m", $"s{s}", at, [.. at.Select(i => rowIndexes[i])], numbers));
            items.Add([.. at.Select((row, i) => new ItemScore(text[row], rowIndexes[row], 0,
                double.IsNaN(numbers[i]) ? Model.ScoreValue.Nan : Model.ScoreValue.Of(numbers[i])))]);
        }
        return (new ItemColumns(bytes, columns), items);
    }

    [Fact]
    public void ColumnJoin_EqualsDigestJoin()
    {
        var random = new Random(14);
        var (columnsA, itemsA) = Side(random, 400, 0, 3);
        var (columnsB, itemsB) = Side(random, 420, 5, 3);
        var keyed = ScoreJoin.Join(columnsA, columnsB);
        var byDigest = ScoreJoin.Join(itemsA, itemsB);
        Assert.NotNull(keyed);
        for (var s = 0; s < 3; s++)
        {
            Assert.Equal(byDigest[s].Pairs, keyed[s].Pairs);
            Assert.Equal((byDigest[s].OnlyInA, byDigest[s].OnlyInB, byDigest[s].MatchedWithoutValues),
                (keyed[s].OnlyInA, keyed[s].OnlyInB, keyed[s].MatchedWithoutValues));
            Assert.Equal((byDigest[s].DriftCount, byDigest[s].DuplicatesA, byDigest[s].DuplicatesB),
                (keyed[s].DriftCount, keyed[s].DuplicatesA, keyed[s].DuplicatesB));
            Assert.Equal(byDigest[s].DriftExamples, keyed[s].DriftExamples);
        }
        Assert.True(keyed[0].Matched > 300);
        Assert.True(keyed[0].DriftCount > 300);
        Assert.True(keyed[0].DuplicatesA.Items > 0);
    }
}
