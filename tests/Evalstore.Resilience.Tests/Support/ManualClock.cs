namespace Evalstore.Resilience.Tests.Support;

/// <summary>
/// A clock the test moves forward instead of sleeping: wall time and elapsed-time stamps both move only with
/// <see cref="Advance"/>, so the server's windows, sessions and its "are there keys?" cache all follow it.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
