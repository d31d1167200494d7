using System.Text.Json.Serialization;

namespace Evalstore.Core.Model;

/// <summary>How a scheduled report's delivery to one webhook ended.</summary>
public enum DeliveryStatus
{
    /// <summary>The webhook answered 2xx.</summary>
    [JsonStringEnumMemberName("delivered")] Delivered,
    /// <summary>Every attempt failed (or the report could not be built).</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>One scheduled report sent (or not) to one webhook, with every attempt counted.</summary>
public sealed record ReportDelivery
{
    /// <summary>Id of the delivery.</summary>
    public required Guid Id { get; init; }
    /// <summary>Workspace the report covers.</summary>
    public required string Workspace { get; init; }
    /// <summary>The webhook, reduced to scheme, host and port: its path often carries a secret (Slack's does).</summary>
    public required string Webhook { get; init; }
    /// <summary>The cron occurrence this delivery is for.</summary>
    public required DateTimeOffset ScheduledFor { get; init; }
    /// <summary>When the first attempt started.</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>When the last attempt ended.</summary>
    public required DateTimeOffset FinishedAt { get; init; }
    /// <summary>Delivered or failed.</summary>
    public required DeliveryStatus Status { get; init; }
    /// <summary>Attempts made (1 when the first succeeded).</summary>
    public required int Attempts { get; init; }
    /// <summary>HTTP status of the last answer, if there was one.</summary>
    public int? HttpStatus { get; init; }
    /// <summary>Why the last attempt failed; null when delivered.</summary>
    public string? Error { get; init; }
}

/// <summary>Report deliveries as the API lists them.</summary>
/// <param name="Data">Newest first.</param>
public sealed record ReportDeliveryList(IReadOnlyList<ReportDelivery> Data);
