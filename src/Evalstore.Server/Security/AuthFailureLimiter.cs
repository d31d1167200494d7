using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Evalstore.Core;

namespace Evalstore.Server.Security;

/// <summary>
/// Counts failed authentications (a wrong, revoked or missing key) per client address in fixed windows. Past the limit,
/// failures from that address are answered 429 with <c>Retry-After</c> until the window ends. Only failures are
/// counted and only failures are refused: a valid key is never slowed down, whoever shares its address.
/// </summary>
internal sealed class AuthFailureLimiter(ServerOptions options)
{
    // Beyond this many tracked addresses, expired windows are swept so that a spray of addresses cannot grow memory.
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<IPAddress, Window> _windows = new();

    /// <summary>
    /// Records one failure of the request's address and returns the 429 to answer instead of a 401 when the address is
    /// over its limit (with how long to wait), or null when the 401 stands.
    /// </summary>
    public (EvalstoreException Problem, int RetryAfterSeconds)? Fail(HttpContext context)
    {
        if (options.FailedAuthLimit <= 0)
        {
            return null;
        }
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        var now = options.Clock.GetUtcNow();
        var window = _windows.AddOrUpdate(address,
            _ => new Window(now, 1),
            (_, current) => now - current.Start >= options.FailedAuthWindow
                ? new Window(now, 1)
                : current with { Failures = current.Failures + 1 });
        if (_windows.Count > SweepAbove)
        {
            Sweep(now);
        }
        if (window.Failures <= options.FailedAuthLimit)
        {
            return null;
        }
        var wait = (int)Math.Ceiling((window.Start + options.FailedAuthWindow - now).TotalSeconds);
        var seconds = Math.Max(1, wait);
        var problem = new EvalstoreException(429, "Too many requests", string.Create(CultureInfo.InvariantCulture,
            $"More than {options.FailedAuthLimit} failed authentications from this address " +
            $"in {options.FailedAuthWindow.TotalSeconds:0} s; " +
            $"retry after {seconds} s. Requests with a valid key are not limited."))
            .With("retry_after_seconds", seconds);
        return (problem, seconds);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (address, window) in _windows)
        {
            if (now - window.Start >= options.FailedAuthWindow)
            {
                _windows.TryRemove(new KeyValuePair<IPAddress, Window>(address, window));
            }
        }
    }

    private sealed record Window(DateTimeOffset Start, int Failures);
}
