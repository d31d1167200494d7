using System.Globalization;
using System.Threading.RateLimiting;
using Evalstore.Core;
using Evalstore.Server.Telemetry;

namespace Evalstore.Server.Analysis;

/// <summary>
/// Bounds the memory-heavy analyses (compare and leaderboard hold whole score columns in memory): at most
/// <see cref="ServerOptions.MaxConcurrentAnalyses"/> run at once, up to <see cref="ServerOptions.AnalysisQueueLimit"/>
/// wait in order for <see cref="ServerOptions.AnalysisQueueTimeout"/> at most, and the rest are refused at once with 503
/// and <c>Retry-After</c>. Over <see cref="ServerOptions.MemoryBudgetBytes"/> no new analysis starts. A caller that
/// leaves while queued gives its place up.
/// </summary>
internal sealed class HeavyWorkGate : IDisposable
{
    private readonly ServerOptions _options;
    private readonly ConcurrencyLimiter _limiter;
    private readonly MemoryBudget _memory;
    private readonly Lock _gate = new();
    private double _meanSeconds = 1;
    private int _queued;

    public HeavyWorkGate(ServerOptions options)
    {
        _options = options;
        _memory = new MemoryBudget(options);
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, options.MaxConcurrentAnalyses),
            QueueLimit = Math.Max(0, options.AnalysisQueueLimit),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Callers waiting for a place now.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Analyses holding a place now.</summary>
    public long Running => Math.Max(1, _options.MaxConcurrentAnalyses) - (_limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);

    /// <summary>Runs the work once there is room for it, or throws a 503 problem saying why there is none.</summary>
    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        RefuseOverBudget(what);
        using var lease = await AcquireAsync(what, cancellationToken);
        RefuseOverBudget(what); // the queue may have taken a while, and others' work may have grown meanwhile
        var started = _options.Clock.GetTimestamp();
        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            var seconds = _options.Clock.GetElapsedTime(started).TotalSeconds;
            lock (_gate)
            {
                _meanSeconds = 0.8 * _meanSeconds + 0.2 * seconds; // recent analyses weigh most in the Retry-After advice
            }
        }
    }

    private async Task<RateLimitLease> AcquireAsync(string what, CancellationToken cancellationToken)
    {
        var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();
        using var timeout = new CancellationTokenSource(_options.AnalysisQueueTimeout, _options.Clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Interlocked.Increment(ref _queued);
        EvalstoreTelemetry.AnalysisQueued(+1);
        try
        {
            lease = await _limiter.AcquireAsync(1, either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Refused(what, "queue_timeout", string.Create(CultureInfo.InvariantCulture,
                $"waited {_options.AnalysisQueueTimeout.TotalSeconds:0.#} s in the queue without a free place"));
        }
        catch (OperationCanceledException)
        {
            EvalstoreTelemetry.AnalysisAbandoned(); // the client left: its place goes to the next caller
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
            EvalstoreTelemetry.AnalysisQueued(-1);
        }
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw Refused(what, "queue_full", string.Create(CultureInfo.InvariantCulture,
                $"{_options.MaxConcurrentAnalyses} running and {_options.AnalysisQueueLimit} waiting already"));
        }
        return lease;
    }

    private void RefuseOverBudget(string what)
    {
        if (_memory.IsOver(out var used))
        {
            throw Refused(what, "memory_budget", string.Create(CultureInfo.InvariantCulture,
                $"the server uses {used / (1024 * 1024)} MiB, over its memory budget of {_options.MemoryBudgetBytes / (1024 * 1024)} MiB"));
        }
    }

    private EvalstoreException Refused(string what, string reason, string why)
    {
        EvalstoreTelemetry.AnalysisRefused(reason);
        double mean;
        lock (_gate)
        {
            mean = _meanSeconds;
        }
        // Advice, not a promise: about the time the work ahead takes to drain through the running places.
        var ahead = (Queued + 1.0) / Math.Max(1, _options.MaxConcurrentAnalyses);
        var retryAfter = (int)Math.Clamp(Math.Ceiling(mean * ahead), 1, 60);
        return new EvalstoreException(503, "Server busy", $"No room for another {what} now: {why}. Retry after {retryAfter} s.")
            .With("reason", reason).With("retry_after_seconds", retryAfter);
    }

    public void Dispose() => _limiter.Dispose();
}
