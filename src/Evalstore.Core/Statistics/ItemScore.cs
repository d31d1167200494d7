using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>One stored value of one score: the row's content digest, its index, the trial and the value.</summary>
/// <param name="Digest">Row digest: the hash of the row's item content, equal across runs of the same dataset row.</param>
/// <param name="RowIndex">Position of the row in its result.</param>
/// <param name="Trial">Trial (epoch) number.</param>
/// <param name="Value">The score value.</param>
public readonly record struct ItemScore(string Digest, long RowIndex, int Trial, ScoreValue Value);
