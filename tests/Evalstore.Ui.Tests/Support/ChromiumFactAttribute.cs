using System.Runtime.CompilerServices;

namespace Evalstore.Ui.Tests.Support;

/// <summary>
/// A browser test. It is skipped (at run time, xunit v3's <c>SkipWhen</c>) only on a developer machine without Chromium;
/// under CI=true it always runs, so a missing browser fails the build instead of passing silently.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip =
            $"Chromium not found at {Chromium.ExecutablePath} (install it with apt-get install chromium, or set EVALSTORE_TEST_CHROMIUM).";
        SkipType = typeof(Chromium);
        SkipWhen = nameof(Chromium.MissingOffCi);
    }
}

/// <summary>Where the system Chromium is; the tests never download a browser.</summary>
public static class Chromium
{
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("EVALSTORE_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether browser tests skip: only without Chromium and off CI.</summary>
    public static bool MissingOffCi => !File.Exists(ExecutablePath) && !UnderCi;

    /// <summary>Headless, quiet and offline except for loopback.</summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic",
    ];
}
