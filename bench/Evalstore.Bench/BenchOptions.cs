using System.Globalization;

namespace Evalstore.Bench;

/// <summary>
/// Command line of the benchmark: <c>--rows N --batch N --in-flight N --store sqlite|postgres|both --postgres "CONNECTION
/// STRING" --no-duckdb --no-compare --no-reads --no-exports --compressed --json</c>, or <c>--results N[,N…] [--imports N]</c> for the
/// many-results mode. The PostgreSQL connection string names a role that
/// may create databases (the benchmark creates and drops a throwaway one); it defaults to <c>EVALSTORE_BENCH_PG</c>, then
/// <c>EVALSTORE_TEST_PG</c>.
/// </summary>
internal sealed record BenchOptions(int Rows, int Batch, int InFlight, string Store, string? Postgres, bool DuckDb, bool Compare,
    bool Reads, bool Compressed, bool Json, IReadOnlyList<int>? Results = null, int Imports = 2_000, bool Exports = true)
{
    private const string Usage = "Options: --rows N --batch N --in-flight N --store sqlite|postgres|both --postgres \"CONNECTION STRING\" "
        + "--no-duckdb --no-compare --no-reads --no-exports --compressed --json | --results N[,N…] --imports N";

    public static BenchOptions Parse(string[] args)
    {
        var rows = 1_000_000;
        var batch = 20_000;
        var inFlight = 2;
        string? store = null;
        var postgres = Environment.GetEnvironmentVariable("EVALSTORE_BENCH_PG") is { Length: > 0 } bench ? bench
            : Environment.GetEnvironmentVariable("EVALSTORE_TEST_PG") is { Length: > 0 } test ? test : null;
        bool duckDb = true, compare = true, reads = true, exports = true, compressed = false, json = false;
        IReadOnlyList<int>? results = null;
        var imports = 2_000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rows": rows = int.Parse(Next(args, ref i), CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(Next(args, ref i), CultureInfo.InvariantCulture); break;
                case "--in-flight": inFlight = Math.Max(1, int.Parse(Next(args, ref i), CultureInfo.InvariantCulture)); break;
                case "--store": store = Next(args, ref i); break;
                case "--postgres": postgres = Next(args, ref i); break;
                case "--no-duckdb": duckDb = false; break;
                case "--no-compare": compare = false; break;
                case "--no-reads": reads = false; break;
                case "--no-exports": exports = false; break;
                case "--compressed": compressed = true; break;
                case "--json": json = true; break;
                case "--results":
                    results = [.. Next(args, ref i).Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))];
                    break;
                case "--imports": imports = int.Parse(Next(args, ref i), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}. {Usage}");
            }
        }
        if (store is not (null or "sqlite" or "postgres" or "both"))
        {
            throw new ArgumentException($"--store must be sqlite, postgres or both. {Usage}");
        }
        // Without a choice, measure every store there is something to measure on.
        store ??= postgres is null ? "sqlite" : "both";
        if (store != "sqlite" && postgres is null)
        {
            throw new ArgumentException($"--store {store} needs --postgres (or EVALSTORE_BENCH_PG / EVALSTORE_TEST_PG). {Usage}");
        }
        if (results is { } sizes && sizes.Any(n => n <= 0))
        {
            throw new ArgumentException($"--results takes positive counts. {Usage}");
        }
        return new BenchOptions(
            rows, batch, inFlight, store, postgres, duckDb, compare, reads, compressed, json, results, imports, exports);
    }

    public bool Runs(string store) => Store == "both" || Store == store;

    private static string Next(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value. {Usage}");
}
