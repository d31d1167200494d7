using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Telemetry;

namespace Evalstore.Server.Hosting;

/// <summary>
/// The <c>evalstore.store.size</c> gauge: bytes on disk of each store a server in this process serves (SQLite: the file
/// with its WAL; PostgreSQL: the store's tables). Measuring PostgreSQL is a query, so a background loop refreshes the
/// value every 30 seconds and a scrape asks for a fresh one when it is older than 5; the gauge itself only reads it.
/// </summary>
internal sealed class StoreSizeGauge(IServerStore store) : BackgroundService
{
    private static readonly ConcurrentDictionary<StoreSizeGauge, long> s_sizes = new();
    private static readonly TimeSpan s_refresh = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_fresh = TimeSpan.FromSeconds(5);

    private long _measuredAt;
    private bool _measured;

    static StoreSizeGauge() => EvalstoreTelemetry.Meter.CreateObservableGauge("evalstore.store.size", Observe, "By",
        "Bytes on disk of the served store (SQLite file and WAL, or the PostgreSQL store's tables and indexes).");

    /// <summary>The store kind and where it is, as the gauge's attributes.</summary>
    private KeyValuePair<string, object?>[] Tags { get; } = store switch
    {
        SqliteStore sqlite => [new("db.system.name", "sqlite"), new("db.namespace", sqlite.DatabasePath)],
        PostgresStore postgres => [new("db.system.name", "postgresql"), new("db.namespace", postgres.DisplayName)],
        _ => [new("db.system.name", store.GetType().Name)],
    };

    /// <summary>Measures again unless the last measurement is recent.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _measured) && Environment.TickCount64 - Interlocked.Read(ref _measuredAt) < s_fresh.TotalMilliseconds)
        {
            return;
        }
        long? size = store switch
        {
            SqliteStore sqlite => new[] { "", "-wal", "-shm" }.Select(suffix => new FileInfo(sqlite.DatabasePath + suffix))
                .Where(f => f.Exists).Sum(f => f.Length),
            PostgresStore postgres => await postgres.SizeBytesAsync(cancellationToken),
            _ => null,
        };
        if (size is { } bytes)
        {
            s_sizes[this] = bytes;
        }
        Interlocked.Exchange(ref _measuredAt, Environment.TickCount64);
        Volatile.Write(ref _measured, true);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_refresh);
        try
        {
            do
            {
                try
                {
                    await RefreshAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A store that cannot be measured right now keeps its last value; the next tick tries again.
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            s_sizes.TryRemove(this, out _);
        }
    }

    private static IEnumerable<Measurement<long>> Observe() => s_sizes.Select(entry => new Measurement<long>(entry.Value, entry.Key.Tags));
}
