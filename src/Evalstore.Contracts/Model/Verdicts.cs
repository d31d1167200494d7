using System.Text.Json.Serialization;

namespace Evalstore.Core.Model;

// Enums of a comparison's conclusions. Each member names its wire string, which is what the API has always sent.

/// <summary>What a paired comparison concludes about B against A, before the adjustment for many comparisons.</summary>
public enum Verdict
{
    /// <summary>B is significantly better, in the score's own direction.</summary>
    [JsonStringEnumMemberName("better")] Better,
    /// <summary>B is significantly worse.</summary>
    [JsonStringEnumMemberName("worse")] Worse,
    /// <summary>The test found no difference at the chosen alpha.</summary>
    [JsonStringEnumMemberName("no significant difference")] NoSignificantDifference,
    /// <summary>Too few matched items (or none with values) to test.</summary>
    [JsonStringEnumMemberName("inconclusive")] Inconclusive,
}

/// <summary>The test a verdict rests on.</summary>
public enum SignificanceTest
{
    /// <summary>McNemar's exact test on the discordant pairs (pass/fail scores).</summary>
    [JsonStringEnumMemberName("mcnemar-exact")] McNemarExact,
    /// <summary>The paired t-test (numeric scores).</summary>
    [JsonStringEnumMemberName("paired-t")] PairedT,
}

/// <summary>Which way an item flipped between baseline and candidate.</summary>
public enum FlipDirection
{
    /// <summary>Passed in the baseline, failed in the candidate.</summary>
    [JsonStringEnumMemberName("regressed")] Regressed,
    /// <summary>Failed in the baseline, passed in the candidate.</summary>
    [JsonStringEnumMemberName("improved")] Improved,
}
