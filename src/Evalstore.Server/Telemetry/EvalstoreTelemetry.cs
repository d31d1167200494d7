using System.Diagnostics;
using System.Diagnostics.Metrics;
using Evalstore.Core.Model;

namespace Evalstore.Server.Telemetry;

/// <summary>
/// Evalstore's own spans and instruments, beside ASP.NET Core's: rows ingested, ingest, completion and compare durations,
/// compares running, authentication failures (the store size gauge is Hosting's StoreSizeGauge). They are static
/// because the stores' hot paths are: with no listener attached (the CLI on a local file) each call costs a flag check.
/// </summary>
internal static class EvalstoreTelemetry
{
    /// <summary>Name of the activity source and the meter; what a tracer or meter provider subscribes to.</summary>
    public const string Name = "Evalstore";

    // Ingest batches run from milliseconds to a minute; completion and compare of a million rows take about a second.
    private static readonly double[] s_secondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public static readonly ActivitySource Source = new(Name, Version);

    internal static readonly Meter Meter = new(Name, Version);

    private static readonly Counter<long> s_rowsIngested = Meter.CreateCounter<long>("evalstore.rows.ingested", "{row}",
        "Rows stored by appended batches and one-shot imports (a replayed batch adds none).");

    private static readonly Histogram<double> s_ingestDuration = Meter.CreateHistogram("evalstore.ingest.duration", "s",
        "Time to store one appended batch or one whole import (an import includes its completion).", advice: Seconds());

    private static readonly Histogram<double> s_completionDuration = Meter.CreateHistogram("evalstore.completion.duration", "s",
        "Time to compute and store every aggregate of a result.", advice: Seconds());

    private static readonly Histogram<double> s_compareDuration = Meter.CreateHistogram("evalstore.compare.duration", "s",
        "Time to compare a baseline with its candidates.", advice: Seconds());

    private static readonly UpDownCounter<long> s_comparesActive = Meter.CreateUpDownCounter<long>("evalstore.compare.active", "{compare}",
        "Compares running now (each holds two results' score columns in memory).");

    private static readonly UpDownCounter<long> s_analysesQueued = Meter.CreateUpDownCounter<long>("evalstore.analysis.queued",
        "{request}", "Compares and leaderboards waiting for a place (ServerOptions.MaxConcurrentAnalyses) now.");

    private static readonly Counter<long> s_analysesRefused = Meter.CreateCounter<long>("evalstore.analysis.refused", "{request}",
        "Compares and leaderboards refused with 503, by reason: queue_full, queue_timeout or memory_budget.");

    private static readonly Counter<long> s_analysesAbandoned = Meter.CreateCounter<long>("evalstore.analysis.abandoned", "{request}",
        "Compares and leaderboards whose client left while they waited in the queue (their place was given up).");

    private static readonly Counter<long> s_authFailures = Meter.CreateCounter<long>("evalstore.auth.failures", "{request}",
        "Requests refused for their credentials: 401 (missing, unknown or revoked key) and 403 (role too low).");

    private static string Version => typeof(EvalstoreTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// Starts timing an append (<c>append</c>) or a one-shot import (<c>import</c>); <see cref="TimedOperation.Rows"/> ends it well.
    /// </summary>
    // The workspace is an attribute of the measurements too: a server has a handful of them (one per team), and
    // rows and time per workspace is what an operator sharing one server asks for.
    public static TimedOperation Ingest(string operation, string workspace) =>
        new TimedOperation("evalstore.ingest", s_ingestDuration, null, s_rowsIngested)
            .Tag("evalstore.workspace", workspace, measured: true).Tag("evalstore.operation", operation, measured: true);

    /// <summary>Starts timing the computation of a result's aggregates.</summary>
    public static TimedOperation Completion(ResultInfo result) =>
        new TimedOperation("evalstore.complete", s_completionDuration, null, null)
            .Tag("evalstore.workspace", result.Workspace, measured: true).Tag("evalstore.result.id", result.Id.ToString());

    /// <summary>Starts timing a compare, counting it as running until disposed.</summary>
    public static TimedOperation Compare(string workspace, int candidates) =>
        new TimedOperation("evalstore.compare", s_compareDuration, s_comparesActive, null)
            .Tag("evalstore.workspace", workspace, measured: true).Tag("evalstore.compare.candidates", candidates).CountRunning();

    /// <summary>One more (+1) or one fewer (-1) analysis waiting for a place.</summary>
    public static void AnalysisQueued(int change) => s_analysesQueued.Add(change);

    /// <summary>Counts an analysis refused with 503 for this reason.</summary>
    public static void AnalysisRefused(string reason) =>
        s_analysesRefused.Add(1, new KeyValuePair<string, object?>("evalstore_reason", reason));

    /// <summary>Counts an analysis whose client left while it was queued.</summary>
    public static void AnalysisAbandoned() => s_analysesAbandoned.Add(1);

    /// <summary>Counts a request refused for its credentials (401 or 403).</summary>
    public static void AuthFailure(int status) =>
        s_authFailures.Add(1, new KeyValuePair<string, object?>("http.response.status_code", status));

    private static InstrumentAdvice<double> Seconds() => new() { HistogramBucketBoundaries = s_secondsBuckets };
}

/// <summary>
/// One timed piece of work: a span, a duration measurement when disposed (with <c>evalstore.outcome</c> ok or error)
/// and, for compares, the count of those running. Work that never reached <see cref="Succeeded"/> or <see cref="Rows"/>
/// is recorded as an error.
/// </summary>
internal sealed class TimedOperation : IDisposable
{
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long>? _active;
    private readonly Counter<long>? _rows;
    private readonly Activity? _activity;
    private readonly long _started = Stopwatch.GetTimestamp();
    private TagList _tags;
    private TagList? _running;
    private bool _succeeded;

    internal TimedOperation(string name, Histogram<double> duration, UpDownCounter<long>? active, Counter<long>? rows)
    {
        _duration = duration;
        _active = active;
        _rows = rows;
        _activity = EvalstoreTelemetry.Source.StartActivity(name, ActivityKind.Internal);
    }

    /// <summary>Adds an attribute to the span (and, when <paramref name="measured"/>, to the measurements: low cardinality only).</summary>
    public TimedOperation Tag(string key, object? value, bool measured = false)
    {
        _activity?.SetTag(key, value);
        if (measured)
        {
            _tags.Add(key, value);
        }
        return this;
    }

    /// <summary>Counts the work as running until disposed (after the measured attributes are set: both use them).</summary>
    public TimedOperation CountRunning()
    {
        _running = _tags;
        _active?.Add(1, _running.Value);
        return this;
    }

    /// <summary>Marks the work done.</summary>
    public void Succeeded() => _succeeded = true;

    /// <summary>Marks an ingest done and counts the rows it stored.</summary>
    public void Rows(long stored)
    {
        _activity?.SetTag("evalstore.rows", stored);
        _rows?.Add(stored, _tags);
        _succeeded = true;
    }

    public void Dispose()
    {
        var tags = _tags;
        tags.Add("evalstore.outcome", _succeeded ? "ok" : "error");
        _duration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
        if (_running is { } running)
        {
            _active?.Add(-1, running);
        }
        if (!_succeeded)
        {
            _activity?.SetStatus(ActivityStatusCode.Error);
        }
        _activity?.Dispose();
    }
}
