using System.Globalization;

namespace Evalstore.Core.Model;

/// <summary>
/// Retention: delete the finished results created before <see cref="Before"/>, except the latest completed result of
/// every group named by <see cref="KeepLatestPer"/> (e.g. model and dataset), or only count them (<see cref="DryRun"/>).
/// </summary>
public sealed record PruneRequest
{
    /// <summary>The result fields <see cref="KeepLatestPer"/> may name.</summary>
    public static readonly IReadOnlyList<string> GroupFields = ["model", "dataset", "benchmark", "project", "evaluation", "metric", "kind"];

    /// <summary>Results created strictly before this instant are pruned.</summary>
    public required DateTimeOffset Before { get; init; }

    /// <summary>Fields whose every combination keeps its latest completed result; empty keeps none.</summary>
    public IReadOnlyList<string> KeepLatestPer { get; init; } = [];

    /// <summary>Count what would go, delete nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>An age like <c>90d</c>, <c>12h</c>, <c>30m</c> or <c>2w</c>; a 400 problem otherwise.</summary>
    public static TimeSpan ParseAge(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length >= 2 && long.TryParse(trimmed[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count is > 0 and < 100_000)
        {
            switch (trimmed[^1])
            {
                case 'w': return TimeSpan.FromDays(7 * count);
                case 'd': return TimeSpan.FromDays(count);
                case 'h': return TimeSpan.FromHours(count);
                case 'm': return TimeSpan.FromMinutes(count);
            }
        }
        throw EvalstoreException.BadRequest($"'{text}' is not an age: use a positive number and a unit, e.g. 90d, 12h, 30m or 2w.");
    }

    /// <summary>The comma-separated group fields, checked against <see cref="GroupFields"/> (400 otherwise).</summary>
    public static IReadOnlyList<string> ParseGroups(string? text)
    {
        var fields = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var field in fields)
        {
            if (!GroupFields.Contains(field, StringComparer.Ordinal))
            {
                throw EvalstoreException.BadRequest(
                    $"Cannot keep the latest result per '{field}': use any of {string.Join(", ", GroupFields)}.");
            }
        }
        return fields.Distinct(StringComparer.Ordinal).ToList();
    }
}

/// <summary>What a prune matched and deleted: the wire shape of the prune endpoint.</summary>
public sealed record PruneReport
{
    /// <summary>The workspace pruned.</summary>
    public required string Workspace { get; init; }

    /// <summary>Results created before this instant were candidates.</summary>
    public required DateTimeOffset Before { get; init; }

    /// <summary>The groups that kept their latest completed result.</summary>
    public IReadOnlyList<string> KeepLatestPer { get; init; } = [];

    /// <summary>True when nothing was deleted on purpose.</summary>
    public bool DryRun { get; init; }

    /// <summary>Results that matched (and, unless a dry run, were deleted).</summary>
    public long Matched { get; init; }

    /// <summary>Results deleted.</summary>
    public long Deleted { get; init; }
}
