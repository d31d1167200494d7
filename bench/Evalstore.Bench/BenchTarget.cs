namespace Evalstore.Bench;

/// <summary>The store being measured, the server process in front of it, and DuckDB's figures to set beside its own.</summary>
internal sealed record BenchTarget(string Store, bool CountsPostgres, ServerProcess Server, HttpClient Http, DuckDbFigures? DuckDb,
    int Rows)
{
    /// <summary>CPU seconds so far of the server process and, for PostgreSQL, of every local PostgreSQL process.</summary>
    public double Cpu() => Server.CpuSeconds() + (CountsPostgres ? CpuClock.PostgresSeconds() : 0);

    /// <summary>CPU seconds since <paramref name="start"/>: on a busy machine a fairer figure than wall time.</summary>
    public double CpuSince(double start) => Cpu() - start;

    public string CpuNote => CountsPostgres ? "server and PostgreSQL processes" : "server process";
}
