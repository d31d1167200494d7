namespace Evalstore.Resilience.Tests.Support;

/// <summary>A wall clock the test moves forward instead of sleeping (timestamps for elapsed time stay real).</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
