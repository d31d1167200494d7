using System.Diagnostics;
using DuckDB.NET.Data;

namespace Evalstore.Bench;

/// <summary>DuckDB's figures for the same work on the same files (what a user could reach for instead).</summary>
internal sealed record DuckDbFigures(
    double LoadSeconds, double AggregateSeconds, double CompareSeconds, long Matched, double JsonlMbPerSecond,
    double CsvMbPerSecond, double PeakMb, double CpuSeconds);

/// <summary>
/// DuckDB in this process, in memory, on the very JSONL files posted to Evalstore: load (<c>read_json</c>) and every
/// per-score aggregate, a paired compare (join on the item, then per-score paired statistics and the exact match's
/// discordant pairs), and JSONL and CSV exports to files. Runs before the servers start, so this process's peak
/// working set (reset first) is DuckDB's.
/// </summary>
internal static class DuckDbSide
{
    private const string Scores = """
        metrics."exact-match"[1].value AS exact, metrics.similarity[1].value AS similarity, latency_ms AS latency
        """;

    public static DuckDbFigures Measure(string fileA, string fileB, string directory)
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var load = Time(connection, $"CREATE TABLE a AS SELECT * FROM read_json('{fileA}', format = 'newline_delimited')");
        var aggregates = Time(connection, $"""
            WITH s AS (SELECT {Scores} FROM a)
            SELECT {Aggregates("exact")}, {Aggregates("similarity")}, {Aggregates("latency")} FROM s
            """);
        var peak = PeakMb();
        var cpuLoad = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpu;
        Time(connection, $"CREATE TABLE b AS SELECT * FROM read_json('{fileB}', format = 'newline_delimited')");
        long matched = 0;
        var compare = Time(connection, $"""
            WITH x AS (SELECT item, {Scores} FROM a), y AS (SELECT item, {Scores} FROM b),
            d AS (SELECT x.exact AS e0, y.exact AS e1, y.similarity - x.similarity AS ds, y.latency - x.latency AS dl
                  FROM x JOIN y ON x.item = y.item)
            SELECT count(*), avg(e1 - e0), stddev_samp(e1 - e0), count(*) FILTER (e0 = 1 AND e1 = 0),
                   count(*) FILTER (e0 = 0 AND e1 = 1), avg(ds), stddev_samp(ds), avg(dl), stddev_samp(dl) FROM d
            """, reader => matched = reader.GetInt64(0));
        var jsonl = Path.Combine(directory, "duckdb.jsonl");
        var jsonlSeconds = Time(connection, $"COPY a TO '{jsonl}' (FORMAT json)");
        // The same table as Evalstore's CSV export: item fields, score columns, row index, sample fields.
        var csv = Path.Combine(directory, "duckdb.csv");
        var csvSeconds = Time(connection, $"""
            COPY (SELECT item.input, item.reference, item.id, metrics."exact-match"[1].value AS "exact-match:exact-match",
                         metrics.similarity[1].value AS "similarity:similarity", latency_ms AS "latency_ms:latency_ms",
                         row_index, 0 AS trial, sample.output_text AS "sample.output_text" FROM a)
            TO '{csv}' (HEADER, DELIMITER ',')
            """);
        var figures = new DuckDbFigures(load, aggregates, compare, matched, new FileInfo(jsonl).Length / 1e6 / jsonlSeconds,
            new FileInfo(csv).Length / 1e6 / csvSeconds, peak, cpuLoad);
        File.Delete(jsonl);
        File.Delete(csv);
        return figures;
    }

    private static string Aggregates(string column) =>
        $"count({column}), avg({column}), stddev_samp({column}), min({column}), max({column}), sum({column}), "
        + $"quantile_cont({column}, [0.5, 0.95, 0.99])";

    private static double Time(DuckDBConnection connection, string sql, Action<DuckDBDataReader>? read = null)
    {
        var watch = Stopwatch.StartNew();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                read?.Invoke(reader);
            }
        }
        return watch.Elapsed.TotalSeconds;
    }

    private static double PeakMb()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
