namespace Evalstore.Server.Tests.Support;

/// <summary>
/// A clock that moves only when a test moves it, so that time-based behaviour (the server's "any keys yet?" cache,
/// stored timestamps) is tested without sleeping. Microsoft.Extensions.TimeProvider.Testing does the same and more;
/// this is all the tests need.
/// </summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public FakeClock()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
