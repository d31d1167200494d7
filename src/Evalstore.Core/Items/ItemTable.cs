using Evalstore.Core.Model;
using Evalstore.Core.Statistics;

namespace Evalstore.Core.Items;

/// <summary>
/// The per-item state of an item analysis, filled one row at a time (results stream through it, none is held) and
/// then read out as scored items. Models are added in order, newest result first; an item's row index is taken from
/// the first model that has it.
/// </summary>
public sealed class ItemTable(int modelCount)
{
    /// <summary>A model solved an item when its correctness is at least this.</summary>
    public const double SolvedAt = 0.5;

    /// <summary>Models that must agree on a wrong output before the reference is suspect.</summary>
    public const int SuspectQuorum = 3;

    private readonly Dictionary<string, ItemState> _items = new(StringComparer.Ordinal);

    /// <summary>Items seen so far.</summary>
    public int Count => _items.Count;

    /// <summary>True when the item is already known (its texts need not be read again).</summary>
    public bool Knows(string digest) => _items.ContainsKey(digest);

    /// <summary>Adds one row: <paramref name="correctness"/> is its value scaled to [0, 1], null when it has none.</summary>
    public void Add(int model, string digest, long rowIndex, int trial, double? correctness, ItemRow row)
    {
        if (!_items.TryGetValue(digest, out var item))
        {
            item = new ItemState(digest, modelCount)
            {
                RowIndex = rowIndex,
                Input = row.Input is null ? null : OutputText.Preview(row.Input),
            };
            if (row.Reference is { } reference)
            {
                var normalised = OutputText.Normalise(reference);
                item.Reference = OutputText.Preview(reference);
                item.ReferenceKey = OutputText.Key(normalised);
            }
            _items.Add(digest, item);
        }
        item.Cells[model] ??= new ModelCell(rowIndex);
        item.Cells[model]!.Add(rowIndex, trial, correctness, row.Output);
    }

    /// <summary>Every item with its solve rate, discrimination and flags; models' overall scores come from the same values.</summary>
    public IReadOnlyList<ScoredItem> Score(out double[] overall, out long[] itemsPerModel)
    {
        var sums = new double[modelCount];
        itemsPerModel = new long[modelCount];
        foreach (var item in _items.Values)
        {
            for (var m = 0; m < modelCount; m++)
            {
                if (item.Cells[m] is { Trials: > 0 } cell)
                {
                    sums[m] += cell.Correctness;
                    itemsPerModel[m]++;
                }
            }
        }
        var means = new double[modelCount];
        for (var m = 0; m < modelCount; m++)
        {
            means[m] = itemsPerModel[m] == 0 ? double.NaN : sums[m] / itemsPerModel[m];
        }
        overall = means;
        return [.. _items.Values.Where(i => i.Cells.Any(c => c is { Trials: > 0 })).Select(i => ScoredItem.Of(i, means))];
    }
}

/// <summary>What is kept of one item while results stream.</summary>
public sealed class ItemState(string digest, int modelCount)
{
    /// <summary>Row digest.</summary>
    public string Digest { get; } = digest;
    /// <summary>Smallest row index in the first (newest) result that has it.</summary>
    public long RowIndex { get; set; }
    /// <summary>Start of the input.</summary>
    public string? Input { get; init; }
    /// <summary>Start of the reference.</summary>
    public string? Reference { get; set; }
    /// <summary>Hash of the normalised reference.</summary>
    public UInt128? ReferenceKey { get; set; }
    /// <summary>Per model (by index), its trials on the item; null when it did not run it.</summary>
    public ModelCell?[] Cells { get; } = new ModelCell?[modelCount];
}

/// <summary>One model's trials on one item.</summary>
public sealed class ModelCell(long rowIndex)
{
    private double _sum;
    private int _firstOutputTrial = int.MaxValue;

    /// <summary>Smallest row index of the item in this model's result.</summary>
    public long RowIndex { get; private set; } = rowIndex;
    /// <summary>Scored trials.</summary>
    public int Trials { get; private set; }
    /// <summary>Smallest scaled value.</summary>
    public double Min { get; private set; } = double.PositiveInfinity;
    /// <summary>Largest scaled value.</summary>
    public double Max { get; private set; } = double.NegativeInfinity;
    /// <summary>Mean of the scored trials.</summary>
    public double Correctness => Trials == 0 ? double.NaN : _sum / Trials;
    /// <summary>Solved: correctness at least <see cref="ItemTable.SolvedAt"/>.</summary>
    public bool Solved => Correctness >= ItemTable.SolvedAt;
    /// <summary>Trials disagree.</summary>
    public bool Unstable => Trials > 1 && Min != Max;
    /// <summary>Hash of the normalised output of the lowest trial that has one.</summary>
    public UInt128? OutputKey { get; private set; }
    /// <summary>Start of that normalised output.</summary>
    public string? Output { get; private set; }

    /// <summary>Adds one trial.</summary>
    public void Add(long rowIndex, int trial, double? correctness, string? output)
    {
        RowIndex = Math.Min(RowIndex, rowIndex);
        if (correctness is { } value)
        {
            _sum += value;
            Trials++;
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
        }
        if (output is not null && trial < _firstOutputTrial)
        {
            _firstOutputTrial = trial;
            var normalised = OutputText.Normalise(output);
            OutputKey = OutputText.Key(normalised);
            Output = OutputText.Preview(normalised);
        }
    }
}

/// <summary>An item's numbers, computed for every item (they sort and filter); the lists are built only for a page.</summary>
public sealed record ScoredItem(ItemState State, int ModelCount, double SolveRate, double? Discrimination, IReadOnlyList<ItemFlag> Flags,
    int[] SuspectModels)
{
    /// <summary>Scores one item against the models' overall scores.</summary>
    public static ScoredItem Of(ItemState item, double[] overall)
    {
        var scored = Enumerable.Range(0, item.Cells.Length).Where(m => item.Cells[m] is { Trials: > 0 }).ToArray();
        var correctness = scored.Select(m => item.Cells[m]!.Correctness).ToArray();
        var flags = new List<ItemFlag>();
        var suspects = Suspects(item, scored);
        if (suspects.Length > 0)
        {
            flags.Add(ItemFlag.SuspectReference);
        }
        if (scored.All(m => !item.Cells[m]!.Solved))
        {
            flags.Add(ItemFlag.AllFail);
        }
        if (scored.All(m => item.Cells[m]!.Solved))
        {
            flags.Add(ItemFlag.AllPass);
        }
        if (scored.Any(m => item.Cells[m]!.Unstable))
        {
            flags.Add(ItemFlag.Unstable);
        }
        return new ScoredItem(item, scored.Length, correctness.Average(),
            PointBiserial.Of(correctness, [.. scored.Select(m => overall[m])]), flags, suspects);
    }

    // The largest group of failing models sharing one output that is not the reference; empty below the quorum.
    private static int[] Suspects(ItemState item, int[] scored)
    {
        if (item.ReferenceKey is not { } reference)
        {
            return [];
        }
        var group = scored
            .Where(m => item.Cells[m] is { Solved: false, OutputKey: { } key } && key != reference)
            .GroupBy(m => item.Cells[m]!.OutputKey!.Value)
            .OrderByDescending(g => g.Count())
            .FirstOrDefault();
        return group is not null && group.Count() >= ItemTable.SuspectQuorum ? [.. group] : [];
    }
}
