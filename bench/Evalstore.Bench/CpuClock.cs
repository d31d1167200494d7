using System.Diagnostics;
using System.Globalization;

namespace Evalstore.Bench;

/// <summary>
/// CPU seconds used by this process (client and in-process server) and, for a PostgreSQL store, every local PostgreSQL
/// process too (read from /proc on Linux; 0 elsewhere), where that store does half its work. On a shared machine, wall
/// time depends on the neighbours; CPU time much less so.
/// </summary>
internal static class CpuClock
{
    public static double Seconds(bool countPostgres) =>
        Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds + (countPostgres ? PostgresSeconds() : 0);

    /// <summary>The 1-minute load average, to judge how busy the machine was (Linux; "?" elsewhere).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static double PostgresSeconds()
    {
        if (!Directory.Exists("/proc"))
        {
            return 0;
        }
        double total = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(directory, "comm")).StartsWith("postgres", StringComparison.Ordinal))
                {
                    continue;
                }
                // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name) are user and system time in clock ticks.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total += (double.Parse(fields[11], CultureInfo.InvariantCulture)
                    + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return total;
    }
}
