using Evalstore.Server.Storage;

namespace Evalstore.Server;

/// <summary>How an Evalstore server is started: where it listens, which store it serves, and its limits.</summary>
public sealed record ServerOptions
{
    /// <summary>Default listening address: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5757";

    /// <summary>Semicolon-separated listening URLs.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The store to serve.</summary>
    public required IServerStore Store { get; init; }

    /// <summary>Load example results when the store is empty.</summary>
    public bool Demo { get; init; }

    /// <summary>Largest request body accepted (ingest batches, imports): 2 GiB.</summary>
    public long MaxRequestBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest JSON (non-JSONL) request body: 8 MiB.</summary>
    public int MaxJsonBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Largest single JSONL line.</summary>
    public int MaxLineBytes { get; init; } = Core.Ingest.JsonlReader.DefaultMaxLineBytes;

    /// <summary>Requests per second allowed per API key (or per client address without keys); 0 disables the limit.</summary>
    public int RequestsPerSecond { get; init; } = 2000;

    /// <summary>Failed authentications allowed per client address in <see cref="FailedAuthWindow"/>, then 429; 0 disables.</summary>
    public int FailedAuthLimit { get; init; } = 30;

    /// <summary>The window over which failed authentications are counted.</summary>
    public TimeSpan FailedAuthWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Compares and leaderboards running at once (each holds whole score columns in memory: about 600 MB for two
    /// 1M-row results). More wait in a queue, then get 503 with Retry-After.
    /// </summary>
    public int MaxConcurrentAnalyses { get; init; } = 2;

    /// <summary>Compares and leaderboards that may wait for a place; beyond it they are refused at once (503).</summary>
    public int AnalysisQueueLimit { get; init; } = 16;

    /// <summary>How long a compare or leaderboard waits in the queue before it is refused (503).</summary>
    public TimeSpan AnalysisQueueTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The process working set above which no new compare or leaderboard starts (503 with Retry-After); 0 for none.
    /// Work already running finishes. <c>serve --memory-budget-mb</c>.
    /// </summary>
    public long MemoryBudgetBytes { get; init; }

    /// <summary>How long a web UI session lasts after sign-in, however busy it is.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>A web UI session unused this long ends (sign in again).</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Chat completions URLs that server-side scoring jobs may send to an LLM judge. Empty by default: a job must not
    /// make the server call an address the operator did not allow.
    /// </summary>
    public IReadOnlyList<string> AllowedJudgeUrls { get; init; } = [];

    /// <summary>
    /// The one clock of everything the server itself times (the "any keys yet?" cache, failed-authentication windows, UI
    /// sessions, link expiry, vendor timestamps and ids); the stores take theirs when opened. Tests pass a fake one and
    /// move it instead of sleeping.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Key of presigned download links (DigitalOcean's <c>download_url</c>s). Instances behind one load balancer need the
    /// same key; when unset, <c>EVALSTORE_URL_SIGNING_KEY</c>, else a random key per process.
    /// </summary>
    public string? UrlSigningKey { get; init; } = Environment.GetEnvironmentVariable("EVALSTORE_URL_SIGNING_KEY");

    /// <summary>How long a presigned download link stays valid.</summary>
    public TimeSpan DownloadLinkLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Minimum log level of the server's own console log.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Console log lines as plain text (default) or one JSON object per line.</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>
    /// Configuration values laid over the environment's, e.g. the <c>OTEL_*</c> settings of the OpenTelemetry exporter
    /// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> turns OTLP export on); empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}

/// <summary>How the server writes its console log.</summary>
public enum LogFormat
{
    /// <summary>Human-readable lines.</summary>
    Text,
    /// <summary>One JSON object per line (<c>serve --log-format json</c>).</summary>
    Json,
}
