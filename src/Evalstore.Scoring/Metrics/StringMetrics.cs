using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Evalstore.Core.Model;

namespace Evalstore.Scoring.Metrics;

/// <summary>
/// 1.0 when output and reference are equal after trimming, ignoring case; else 0.0. This is how the NeMo worked example
/// behaves: "Blue" matches "blue", "The answer is 4" does not match "4".
/// </summary>
public sealed class ExactMatch(MetricSpec spec) : PairMetric(spec)
{
    /// <inheritdoc />
    protected override MetricOutcome Score(string output, string reference) =>
        new(string.Equals(output.Trim(), reference.Trim(), StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.0);
}

/// <summary>
/// 1.0 when the output contains the reference (case-sensitive, as the NeMo worked example: "Blue" does not contain
/// "blue"); else 0.0, with the reason.
/// </summary>
public sealed class StringCheck(MetricSpec spec) : PairMetric(spec)
{
    /// <inheritdoc />
    protected override MetricOutcome Score(string output, string reference) => output.Contains(reference, StringComparison.Ordinal)
        ? new(1.0, $"contains '{reference}'")
        : new(0.0, $"'{reference}' not found");
}

/// <summary>1.0 when the pattern (or the reference read as a pattern) matches somewhere in the output.</summary>
public sealed class RegexMatch(MetricSpec spec) : PairMetric(spec)
{
    private readonly Regex? _pattern = spec.Pattern is null ? null : Build(spec.Pattern);

    /// <inheritdoc />
    protected override bool NeedsReference => _pattern is null;

    /// <inheritdoc />
    protected override MetricOutcome Score(string output, string reference)
    {
        try
        {
            return new((_pattern ?? Build(reference)).IsMatch(output) ? 1.0 : 0.0);
        }
        catch (RegexMatchTimeoutException)
        {
            return MetricOutcome.Failed("the pattern took longer than 1 s on this output");
        }
        catch (ArgumentException e)
        {
            return MetricOutcome.Failed($"not a valid pattern: {e.Message}");
        }
    }

    private static Regex Build(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}

/// <summary>true when the last number in the output is within the tolerance of the reference number.</summary>
public sealed partial class NumberCheck(MetricSpec spec) : PairMetric(spec)
{
    /// <inheritdoc />
    public override MetricDeclaration Declaration => new() { Metric = Spec.Key, Type = ScoreType.Binary };

    /// <inheritdoc />
    protected override MetricOutcome Score(string output, string reference)
    {
        if (!TryNumber(reference, out var expected))
        {
            return MetricOutcome.Failed($"the reference '{reference}' is not a number");
        }
        if (!TryNumber(output, out var actual))
        {
            return new(false, "no number in the output");
        }
        var tolerance = Spec.Tolerance ?? 1e-6;
        var allowed = Spec.Relative ? tolerance * Math.Abs(expected) : tolerance;
        var ok = Math.Abs(actual - expected) <= allowed;
        return new(ok, $"{actual.ToString("G", CultureInfo.InvariantCulture)} vs {expected.ToString("G", CultureInfo.InvariantCulture)}");
    }

    private static bool TryNumber(string text, out double value)
    {
        var matches = Number().Matches(text.Replace(",", "", StringComparison.Ordinal));
        value = 0;
        return matches.Count > 0 && double.TryParse(matches[^1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")]
    private static partial Regex Number();
}

/// <summary>true when the output parses as JSON.</summary>
public sealed class JsonValid(MetricSpec spec) : PairMetric(spec)
{
    /// <inheritdoc />
    public override MetricDeclaration Declaration => new() { Metric = Spec.Key, Type = ScoreType.Binary };

    /// <inheritdoc />
    protected override bool NeedsReference => false;

    /// <inheritdoc />
    protected override MetricOutcome Score(string output, string reference)
    {
        try
        {
            using var _ = JsonDocument.Parse(output);
            return new(true);
        }
        catch (JsonException e)
        {
            return new(false, e.Message.Split(" LineNumber:", 2)[0]);
        }
    }
}
