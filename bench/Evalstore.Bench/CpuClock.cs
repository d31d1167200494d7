using System.Globalization;

namespace Evalstore.Bench;

/// <summary>
/// CPU seconds of the processes that do a store's work: the server process and, for PostgreSQL, every local
/// PostgreSQL process (where that store does half its work). On a shared machine, wall time depends on the
/// neighbours; CPU time much less so.
/// </summary>
internal static class CpuClock
{
    /// <summary>The 1-minute load average, to judge how busy the machine was (Linux; "?" elsewhere).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    public static double PostgresSeconds()
    {
        double total = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid)
                    && File.ReadAllText(Path.Combine(directory, "comm")).StartsWith("postgres", StringComparison.Ordinal))
                {
                    total += ProcStat.CpuSeconds(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return total;
    }
}

/// <summary>/proc/&lt;pid&gt;/stat: fields 14 and 15 (after the parenthesised name) are user and system time in clock ticks.</summary>
internal static class ProcStat
{
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
