using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// Where one trial lives: a stored row (<see cref="Row"/>, <see cref="Trial"/>) or a prediction written through the
/// Weave API (<see cref="PredictionKey"/>, the key of its side document). Every id the surface hands out starts with
/// the run's UUID, so any id leads back to its run without a lookup table:
/// <list type="bullet">
/// <item>prediction (Weave's predict call): <c>{run:N}-r{row}-t{trial}</c> or <c>{run:N}-{key}</c></item>
/// <item>predict_and_score call: the prediction id + <c>-ps</c></item>
/// <item>score: the prediction id + <c>-s{index}</c> (a row's n-th scorer) or + <c>-{scoreKey}</c> (a written score)</item>
/// </list>
/// </summary>
internal sealed partial record TrialRef(Guid Run, long? Row, int Trial, string? PredictionKey)
{
    public static TrialRef OfRow(Guid run, long row, int trial) => new(run, row, trial, null);

    public static TrialRef OfPrediction(Guid run, string key) => new(run, null, 0, key);

    public string PredictionId => Row is { } row
        ? string.Create(CultureInfo.InvariantCulture, $"{Run:N}-r{row}-t{Trial}")
        : $"{Run:N}-{PredictionKey}";

    public string PredictAndScoreId => PredictionId + "-ps";

    public string ScoreId(int index) => string.Create(CultureInfo.InvariantCulture, $"{PredictionId}-s{index}");

    public string ScoreId(string scoreKey) => $"{PredictionId}-{scoreKey}";

    /// <summary>Parses any id of this surface; false for anything else (which callers answer with 404).</summary>
    public static bool TryParse(string? id, out ParsedId parsed)
    {
        parsed = default;
        var match = id is null ? Match.Empty : IdPattern().Match(id);
        if (!match.Success)
        {
            return false;
        }
        var run = Guid.ParseExact(match.Groups["run"].Value, "N");
        var trial = match.Groups["row"].Success
            ? OfRow(run, long.Parse(match.Groups["row"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["trial"].Value, CultureInfo.InvariantCulture))
            : OfPrediction(run, match.Groups["key"].Value);
        int? index = match.Groups["index"].Success ? int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture) : null;
        var scoreKey = match.Groups["score"].Success ? match.Groups["score"].Value : null;
        if ((trial.Row is null && index is not null) || (trial.Row is not null && scoreKey is not null))
        {
            return false;
        }
        parsed = new ParsedId(trial, match.Groups["ps"].Success, index, scoreKey);
        return true;
    }

    [GeneratedRegex(
        "^(?<run>[0-9a-f]{32})-(?:r(?<row>[0-9]{1,18})-t(?<trial>[0-9]{1,9})|(?<key>[0-9a-f]{32}))" +
        "(?:-(?<ps>ps)|-s(?<index>[0-9]{1,6})|-(?<score>[0-9a-f]{32}))?$")]
    private static partial Regex IdPattern();
}

/// <summary>A parsed id: the trial, and whether it named the predict_and_score call or one score of the trial.</summary>
internal readonly record struct ParsedId(TrialRef Trial, bool IsPredictAndScore, int? ScoreIndex, string? ScoreKey)
{
    public bool IsScore => ScoreIndex is not null || ScoreKey is not null;
}

/// <summary>
/// Keys for written predictions and scores: 16 hex digits of a strictly increasing tick count, then 16 random hex
/// digits. They sort in creation order (which fixes the row order at finish) and stay unique across servers.
/// </summary>
internal static class WeaveKeys
{
    private static long s_lastTicks;

    public static string New(TimeProvider clock)
    {
        long ticks;
        long last;
        do
        {
            last = Interlocked.Read(ref s_lastTicks);
            ticks = Math.Max(clock.GetUtcNow().UtcTicks, last + 1);
        }
        while (Interlocked.CompareExchange(ref s_lastTicks, ticks, last) != last);
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return ticks.ToString("x16", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(random);
    }
}
