using System.Globalization;
using Evalstore.Core.Filtering;

namespace Evalstore.Core.Tests.Filtering;

/// <summary>A small in-memory results table and filters with hand-written expected matches, shared by evaluator and SQL tests.</summary>
internal static class FilterTable
{
    public sealed record Row(
        string Name, string Kind, string Status, string? Model, string? Dataset, DateTimeOffset CreatedAt,
        IReadOnlyDictionary<string, string> Labels)
    {
        /// <summary>The field accessor <see cref="FilterEvaluator"/> takes.</summary>
        public string? Get(string field) => field switch
        {
            "name" => Name,
            "kind" => Kind,
            "status" => Status,
            "model" => Model,
            "dataset" => Dataset,
            "created_at" => CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            _ when field.StartsWith("labels.", StringComparison.Ordinal) => Labels.GetValueOrDefault(field["labels.".Length..]),
            _ => null,
        };

        /// <summary>The row as SQL columns, for the SQL interpreter.</summary>
        public Dictionary<string, object?> Columns() => new(StringComparer.Ordinal)
        {
            ["r.name"] = Name,
            ["kind"] = Kind,
            ["status"] = Status,
            ["model"] = Model,
            ["dataset"] = Dataset,
            ["created_at"] = CreatedAt,
            ["labels"] = Labels,
        };
    }

    public static readonly Row[] Rows =
    [
        new("llama-3-8b", "metric", "completed", "meta/llama-3", "ws/gsm8k", Utc(2025, 1, 1, 0),
            new Dictionary<string, string> { ["team"] = "nlp", ["tier"] = "gold" }),
        new("Llama-70B", "benchmark", "failed", null, "ws/mmlu", new DateTimeOffset(2025, 1, 15, 12, 0, 0, TimeSpan.FromHours(2)),
            new Dictionary<string, string> { ["team"] = "vision" }),
        new("mistral_7b", "evaluation", "running", "mistralai/mistral", null, Utc(2025, 2, 1, 0),
            new Dictionary<string, string>()),
        new("ÄRGER 100%", "metric", "completed", "x", "ws/gsm8k", new DateTimeOffset(2024, 12, 31, 23, 59, 59, TimeSpan.Zero),
            new Dictionary<string, string> { ["team"] = "NLP" }),
    ];

    /// <summary>Filter text (JSON or text syntax, parsed as <c>filter</c>) → names of the matching rows, in table order.</summary>
    public static readonly TheoryData<string, string> Cases = new()
    {
        { "name:llama-3-8b", "llama-3-8b" },
        { "name~LLAMA", "llama-3-8b, Llama-70B" },
        { "name~ärger", "ÄRGER 100%" },
        { "name~\"100%\"", "ÄRGER 100%" },
        { "name~_", "mistral_7b" },
        { "name~\"\"", "llama-3-8b, Llama-70B, mistral_7b, ÄRGER 100%" },
        { "model:x", "ÄRGER 100%" },
        { "-model:x", "llama-3-8b, Llama-70B, mistral_7b" },
        { "model NOT IN [x]", "llama-3-8b, Llama-70B, mistral_7b" },
        { "-model NOT IN [x]", "ÄRGER 100%" },
        { "model IN [x, meta/llama-3]", "llama-3-8b, ÄRGER 100%" },
        { "model<n", "llama-3-8b, mistral_7b" },
        { "-model<n", "Llama-70B, ÄRGER 100%" },
        { "name<a", "Llama-70B" },
        { "name>=m", "mistral_7b, ÄRGER 100%" },
        { "created_at>=2025-01-15T10:00:00Z", "Llama-70B, mistral_7b" },
        { "created_at>2025-01-15T10:00:00Z", "mistral_7b" },
        { "created_at:2025-01-15T12:00:00+02:00", "Llama-70B" },
        { "created_at<2025-01-01", "ÄRGER 100%" },
        { "created_at<=2025-01-01", "llama-3-8b, ÄRGER 100%" },
        { """created_at IN ["2025-01-01", "2025-02-01T01:00:00+01:00"]""", "llama-3-8b, mistral_7b" },
        { """created_at NOT IN ["2025-01-01"]""", "Llama-70B, mistral_7b, ÄRGER 100%" },
        { "labels.team:nlp", "llama-3-8b" },
        { "labels.team~nlp", "llama-3-8b, ÄRGER 100%" },
        { "labels.team NOT IN [nlp]", "Llama-70B, mistral_7b, ÄRGER 100%" },
        { "-labels.tier:gold", "Llama-70B, mistral_7b, ÄRGER 100%" },
        { "status:completed AND (dataset:ws/gsm8k OR model:x)", "llama-3-8b, ÄRGER 100%" },
        { "status:completed OR status:failed AND model:x", "llama-3-8b, ÄRGER 100%" },
        { "(status:completed OR status:failed) AND -model:x", "llama-3-8b, Llama-70B" },
        { "-(dataset:ws/gsm8k OR model:x)", "Llama-70B, mistral_7b" },
        { "-(dataset:ws/mmlu AND -model:x)", "llama-3-8b, mistral_7b, ÄRGER 100%" },
        { "-dataset<ws/n", "mistral_7b" },
        { "--dataset:ws/mmlu", "Llama-70B" },
        { "dataset IN []", "" },
        { "dataset NOT IN []", "llama-3-8b, Llama-70B, mistral_7b, ÄRGER 100%" },
        { "{}", "llama-3-8b, Llama-70B, mistral_7b, ÄRGER 100%" },
        { """{"$or":[{"kind":"metric"},{"labels.team":{"$in":["vision"]}}]}""", "llama-3-8b, Llama-70B, ÄRGER 100%" },
        { """{"$not":{"$or":[{"model":{"$like":"mistral"}},{"dataset":{"$nin":["ws/gsm8k"]}}]}}""", "llama-3-8b, ÄRGER 100%" },
        { """{"created_at":{"$gt":"2025-01-01","$lt":"2025-02-01"}}""", "Llama-70B" },
    };

    /// <summary>The names of the rows a predicate selects, in the format of <see cref="Cases"/>.</summary>
    public static string Names(Func<Row, bool> predicate) => string.Join(", ", Rows.Where(predicate).Select(r => r.Name));

    private static DateTimeOffset Utc(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);
}
