namespace Evalstore.Ui.Tests.Support;

/// <summary>
/// A browser test. It is skipped only on a developer machine without Chromium; under CI=true it always runs, so a
/// missing browser fails the build instead of passing silently.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium.ExecutablePath) && !Chromium.UnderCi)
        {
            Skip = $"Chromium not found at {Chromium.ExecutablePath} (install it with apt-get install chromium, or set EVALSTORE_TEST_CHROMIUM).";
        }
    }
}

/// <summary>Where the system Chromium is; the tests never download a browser.</summary>
public static class Chromium
{
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("EVALSTORE_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Headless, quiet and offline except for loopback.</summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic",
    ];
}
