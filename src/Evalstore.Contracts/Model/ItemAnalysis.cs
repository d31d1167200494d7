using System.Text.Json.Serialization;

namespace Evalstore.Core.Model;

/// <summary>A flag item analysis raises on an item.</summary>
public enum ItemFlag
{
    /// <summary>At least 3 models gave the same normalised output, failed with it, and it differs from the reference.</summary>
    [JsonStringEnumMemberName("suspect_reference")] SuspectReference,
    /// <summary>Every model failed the item.</summary>
    [JsonStringEnumMemberName("all_fail")] AllFail,
    /// <summary>Every model solved the item.</summary>
    [JsonStringEnumMemberName("all_pass")] AllPass,
    /// <summary>The trials of at least one model on the item disagree.</summary>
    [JsonStringEnumMemberName("unstable")] Unstable,
}

/// <summary>Which items to analyse: the latest completed result of each model on one dataset.</summary>
public sealed record ItemAnalysisRequest
{
    /// <summary>The largest page of items one request returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The sort orders items can take; a leading <c>-</c> is descending.</summary>
    public static readonly IReadOnlyList<string> SortFields = ["solve_rate", "discrimination", "row_index"];

    /// <summary>Dataset reference (required).</summary>
    public required string Dataset { get; init; }
    /// <summary>Project to restrict to.</summary>
    public string? Project { get; init; }
    /// <summary>The score that decides solved or failed (<c>metric</c> or <c>metric:score</c>); by default the star metric
    /// when it is 0/1, else the first 0/1 score, else the first bounded score of the newest result.</summary>
    public string? Score { get; init; }
    /// <summary>Only items carrying every one of these flags.</summary>
    public IReadOnlyList<ItemFlag> Flags { get; init; } = [];
    /// <summary><c>solve_rate</c> (hardest first, the default), <c>discrimination</c>, <c>row_index</c>; <c>-</c> descends.</summary>
    public string Sort { get; init; } = "solve_rate";
    /// <summary>Keyset cursor: the <c>next</c> of the previous page.</summary>
    public string? After { get; init; }
    /// <summary>Items per page, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 50;
}

/// <summary>Per item, over the latest completed result of each model on a dataset: solve rate, failures, discrimination, flags.</summary>
public sealed record ItemAnalysisReport
{
    /// <summary>How solved, discrimination and the flags are decided, in sentences.</summary>
    public const string Rules =
        "A model's correctness on an item is the mean of its trials on the score, scaled to [0, 1] by the score's range; it solved "
        + "the item when that is at least 0.5. Solve rate is the mean correctness over models. Discrimination is the point-biserial "
        + "(Pearson) correlation of item correctness with each model's overall score, n/a when either does not vary. "
        + "suspect_reference: at least 3 models gave the same normalised output (NFKC, case-folded, whitespace collapsed, "
        + "surrounding punctuation removed), failed with it, and it differs from the normalised reference.";

    /// <summary>The dataset.</summary>
    public required string Dataset { get; init; }
    /// <summary>The score used (<c>metric</c> or <c>metric:score</c>).</summary>
    public required string Score { get; init; }
    /// <summary>Why that score: given, the star metric, or the first 0/1 or bounded score.</summary>
    public required string ScoreChoice { get; init; }
    /// <summary>The score's range (correctness is scaled by it; [0, 1] for a 0/1 score).</summary>
    public required ScoreBounds Bounds { get; init; }
    /// <summary>The models analysed, each with its result and overall score.</summary>
    public required IReadOnlyList<ItemModel> Models { get; init; }
    /// <summary>Models whose latest completed result does not have the score (left out).</summary>
    public IReadOnlyList<string> ModelsWithoutScore { get; init; } = [];
    /// <summary>Items in the analysis.</summary>
    public long TotalItems { get; init; }
    /// <summary>Items matching the flag filter.</summary>
    public long MatchingItems { get; init; }
    /// <summary>Items carrying each flag (before the flag filter).</summary>
    public required IReadOnlyDictionary<string, long> FlagCounts { get; init; }
    /// <summary>The order of <see cref="Items"/>.</summary>
    public required string Sort { get; init; }
    /// <summary>One page of items.</summary>
    public required IReadOnlyList<ItemStats> Items { get; init; }
    /// <summary>Cursor of the next page (pass as <c>after</c>); null on the last page.</summary>
    public string? Next { get; init; }
    /// <summary>The rules behind the numbers.</summary>
    public string Method { get; init; } = Rules;
}

/// <summary>One model in an item analysis.</summary>
/// <param name="Model">Model reference (<c>(no model)</c> when the result has none).</param>
/// <param name="Result">Its latest completed result on the dataset.</param>
/// <param name="OverallScore">Mean correctness over the items it scored.</param>
/// <param name="Items">Items it scored.</param>
public sealed record ItemModel(string Model, ResultRef Result, double OverallScore, long Items);

/// <summary>One item across the models.</summary>
public sealed record ItemStats
{
    /// <summary>Row digest of the item.</summary>
    public required string Digest { get; init; }
    /// <summary>Its smallest row index in the newest result that holds it.</summary>
    public required long RowIndex { get; init; }
    /// <summary>The start of the item's input, for reading.</summary>
    public string? Input { get; init; }
    /// <summary>The start of the item's reference, if it has one.</summary>
    public string? Reference { get; init; }
    /// <summary>Models that scored the item.</summary>
    public required int ModelCount { get; init; }
    /// <summary>Mean correctness over those models.</summary>
    public required double SolveRate { get; init; }
    /// <summary>Models that failed it (correctness below 0.5).</summary>
    public required IReadOnlyList<string> FailedModels { get; init; }
    /// <summary>Point-biserial correlation of correctness with overall score; null (n/a) when undefined, written as null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? Discrimination { get; init; }
    /// <summary>Flags raised.</summary>
    public required IReadOnlyList<ItemFlag> Flags { get; init; }
    /// <summary>For <c>suspect_reference</c>: the shared wrong output (its start, normalised).</summary>
    public string? SuspectOutput { get; init; }
    /// <summary>For <c>suspect_reference</c>: the models that gave it.</summary>
    public IReadOnlyList<string>? SuspectModels { get; init; }
    /// <summary>Models whose trials disagree on the item.</summary>
    public IReadOnlyList<string> UnstableModels { get; init; } = [];
    /// <summary>Where the item is in every result analysed.</summary>
    public required IReadOnlyList<ItemInResult> Results { get; init; }
}

/// <summary>One model's rows of an item.</summary>
/// <param name="Model">Model.</param>
/// <param name="ResultId">Result id.</param>
/// <param name="ResultName">Result name.</param>
/// <param name="RowIndex">The item's row index in that result.</param>
/// <param name="Correctness">Mean of the trials, scaled to [0, 1].</param>
/// <param name="Trials">Scored trials.</param>
/// <param name="Solved">Correctness at least 0.5.</param>
public sealed record ItemInResult(string Model, Guid ResultId, string ResultName, long RowIndex, double Correctness, int Trials,
    bool Solved);
