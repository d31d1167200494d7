using System.Data.Common;
using System.Text.Json;
using Evalstore.Core.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage;

/// <summary>
/// The one shape of a stored result that both stores share: the columns they select, how a new result starts out and
/// how a selected row becomes a <see cref="ResultInfo"/>. Only the column types differ between the engines (SQLite keeps
/// ids and instants as text), so those two readings are passed in.
/// </summary>
internal static class ResultRecords
{
    public const string Columns = """
        result_key, id, workspace, project, name, kind, status, model, dataset, metric, benchmark, evaluation,
        labels, config, created_by, spec, created_at, updated_at, queued_at, started_at, finished_at,
        error_description, pass_status, row_count, item_count, max_trials
        """;

    /// <summary>A result as it is inserted: running, stamped now unless the spec says when it was queued or started.</summary>
    public static ResultInfo New(string workspace, RunSpec spec, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Workspace = workspace,
        Project = spec.Project!,
        Name = spec.Name,
        Kind = spec.Kind!.Value,
        Status = ResultStatus.Running,
        Model = spec.Model,
        Dataset = spec.Dataset,
        Metric = spec.Metric,
        Benchmark = spec.Benchmark,
        Evaluation = spec.Evaluation,
        Labels = spec.Labels ?? new Dictionary<string, string>(),
        Config = spec.Config,
        CreatedBy = spec.CreatedBy,
        CreatedAt = now,
        UpdatedAt = now,
        QueuedAt = spec.QueuedAt ?? now,
        StartedAt = spec.StartedAt ?? now,
        Metrics = spec.Metrics ?? [],
        StarMetric = spec.StarMetric,
        ClusterKey = spec.ClusterKey,
        CorpusScores = spec.CorpusScores ?? [],
    };

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static (long Key, ResultInfo Info) Read(DbDataReader r, Func<DbDataReader, int, Guid> guid,
        Func<DbDataReader, int, DateTimeOffset?> instant)
    {
        var spec = JsonSerializer.Deserialize<StoredSpec>(r.GetString(15), EvalstoreJson.Options)!;
        var info = new ResultInfo
        {
            Id = guid(r, 1),
            Workspace = r.GetString(2),
            Project = r.GetString(3),
            Name = r.GetString(4),
            Kind = Enum.Parse<ResultKind>(r.GetString(5), ignoreCase: true),
            Status = Enum.Parse<ResultStatus>(r.GetString(6), ignoreCase: true),
            Model = NullableString(r, 7),
            Dataset = NullableString(r, 8),
            Metric = NullableString(r, 9),
            Benchmark = NullableString(r, 10),
            Evaluation = NullableString(r, 11),
            Labels = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(12), EvalstoreJson.Options)!,
            Config = r.IsDBNull(13) ? null : JsonDocument.Parse(r.GetString(13)).RootElement.Clone(),
            CreatedBy = NullableString(r, 14),
            CreatedAt = instant(r, 16)!.Value,
            UpdatedAt = instant(r, 17)!.Value,
            QueuedAt = instant(r, 18),
            StartedAt = instant(r, 19),
            FinishedAt = instant(r, 20),
            ErrorDescription = NullableString(r, 21),
            PassStatus = r.IsDBNull(22) ? null : r.GetBoolean(22),
            RowCount = r.GetInt64(23),
            ItemCount = r.GetInt64(24),
            MaxTrials = r.GetInt32(25),
            Metrics = spec.Metrics ?? [],
            StarMetric = spec.StarMetric,
            ClusterKey = spec.ClusterKey,
            CorpusScores = spec.CorpusScores ?? [],
        };
        return (r.GetInt64(0), info);
    }

    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
