using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Evalstore.Bench;

/// <summary>
/// The paired compare of two results (join on the item, paired statistics per score), first on a server that has not
/// compared yet, then warm; the server's peak resident set above idle is the compare's memory.
/// </summary>
internal static class Compare
{
    private const string Path = "api/v1/workspaces/default/compare?baseline=bench-a&candidate=bench-b";

    public static async Task RunAsync(BenchTarget target, Report report)
    {
        var server = target.Server;
        var idle = server.ResidentMb();
        server.ResetPeak();
        var (first, firstCpu, matched) = await TimeAsync(target);
        var peakAbove = server.PeakMb() - idle;
        var (warm, warmCpu, _) = await TimeAsync(target);
        var duck = target.DuckDb?.CompareSeconds;
        report.Add(new Figure(target.Store, "compare A vs B, first", first, "s", "", null,
            $"{matched:N0} matched items, {firstCpu:N2} CPU-s", duck));
        report.Add(new Figure(target.Store, "compare A vs B, warm", warm, "s", "≤ 0.4 s", warm <= 0.4,
            $"{warmCpu:N2} CPU-s", duck));
        report.Add(new Figure(target.Store, "compare: server memory above idle", peakAbove, "MB", "≤ 300 MB", peakAbove <= 300,
            $"resident {idle:N0} MB idle, peak {idle + peakAbove:N0} MB"));
    }

    private static async Task<(double Seconds, double Cpu, long Matched)> TimeAsync(BenchTarget target)
    {
        var cpu = target.Cpu();
        var watch = Stopwatch.StartNew();
        var comparison = await target.Http.GetFromJsonAsync<JsonElement>(Path);
        watch.Stop();
        var matched = comparison.GetProperty("candidates")[0].GetProperty("matched_items").GetInt64();
        return (watch.Elapsed.TotalSeconds, target.CpuSince(cpu), matched);
    }
}
