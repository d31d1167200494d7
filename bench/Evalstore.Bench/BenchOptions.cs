using System.Globalization;

namespace Evalstore.Bench;

/// <summary>Command line of the benchmark: <c>--store sqlite|postgres|both --rows N --batch N --postgres CS</c>.</summary>
internal sealed record BenchOptions(string Store, long Rows, int BatchRows, string? Postgres)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var postgres = Value("--postgres", Environment.GetEnvironmentVariable("EVALSTORE_BENCH_PG")
            ?? Environment.GetEnvironmentVariable("EVALSTORE_TEST_PG") ?? "");
        return new BenchOptions(
            Value("--store", "both"),
            long.Parse(Value("--rows", "1000000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--batch", "50000"), CultureInfo.InvariantCulture),
            postgres.Length > 0 ? postgres : null);
    }

    public bool Runs(string store) => Store == "both" || Store == store;
}
