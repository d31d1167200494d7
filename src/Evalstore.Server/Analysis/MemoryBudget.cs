namespace Evalstore.Server.Analysis;

/// <summary>
/// Whether the process is over <see cref="ServerOptions.MemoryBudgetBytes"/>, measured as its working set (what the
/// operating system and a container's limit count). Over budget, memory may be garbage of finished work rather than
/// work in progress, so one aggressive collection (returning freed memory to the system) runs first, at most every
/// few seconds, and the answer is the working set after it.
/// </summary>
internal sealed class MemoryBudget(ServerOptions options)
{
    private static readonly TimeSpan s_collectEvery = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private long? _collectedAt;

    public bool IsOver(out long usedBytes)
    {
        usedBytes = Environment.WorkingSet;
        if (options.MemoryBudgetBytes <= 0 || usedBytes <= options.MemoryBudgetBytes)
        {
            return false;
        }
        lock (_gate)
        {
            var now = options.Clock.GetTimestamp();
            if (_collectedAt is { } at && options.Clock.GetElapsedTime(at, now) < s_collectEvery)
            {
                return true;
            }
            _collectedAt = now;
        }
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        usedBytes = Environment.WorkingSet;
        return usedBytes > options.MemoryBudgetBytes;
    }
}
