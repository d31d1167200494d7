using System.Globalization;
using System.Text.Json;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Spectre.Console;

namespace Evalstore.Cli.Commands;

/// <summary>How results, aggregates and keys are printed as tables or JSON.</summary>
internal static class Render
{
    private static readonly JsonSerializerOptions s_indented = new(EvalstoreJson.Options) { WriteIndented = true };

    public static void Json<T>(CliConsole console, T value) => console.Data.WriteLine(JsonSerializer.Serialize(value, s_indented));

    public static void JsonLine<T>(CliConsole console, T value)
        => console.Data.WriteLine(JsonSerializer.Serialize(value, EvalstoreJson.Options));

    public static string Number(double? value) => value switch
    {
        null => "–",
        var v when Math.Abs(v.Value) >= 1000 || (Math.Abs(v.Value) < 0.001 && v.Value != 0)
            => v.Value.ToString("G4", CultureInfo.InvariantCulture),
        var v => v.Value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    public static string MeanWithCi(ScoreAggregate aggregate) => aggregate.Mean is null
        ? aggregate.ModeCategory ?? "–"
        : aggregate.CiLow is { } low && aggregate.CiHigh is { } high
            ? $"{Number(aggregate.Mean)} [{Number(low)}, {Number(high)}]"
            : Number(aggregate.Mean);

    public static string Pass(bool? pass) => pass switch { true => "pass", false => "FAIL", null => "–" };

    public static void ResultTable(CliConsole console, IReadOnlyList<ResultInfo> results)
    {
        var table = Table("name", "kind", "model", "dataset", "status", "pass", "rows", "first score (mean [95% CI])", "created");
        foreach (var result in results)
        {
            var first = result.Scores.FirstOrDefault();
            table.AddRow(Cells(
                result.Name, Text(result.Kind), result.Model ?? "–", result.Dataset ?? "–", Text(result.Status),
                Pass(result.PassStatus),
                result.RowCount.ToString(CultureInfo.InvariantCulture),
                first is null ? "–" : $"{first.Metric}{(first.Name == first.Metric ? "" : ":" + first.Name)} {MeanWithCi(first)}",
                result.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
        }
        console.Out.Write(table);
    }

    public static void ResultDetail(CliConsole console, ResultInfo result)
    {
        var facts = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("field").AddColumn("value");
        void Fact(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                facts.AddRow(Cells(name, value));
            }
        }
        Fact("name", result.Name);
        Fact("id", result.Id.ToString());
        Fact("workspace / project", $"{result.Workspace} / {result.Project}");
        Fact("kind", Text(result.Kind));
        Fact("status", Text(result.Status));
        Fact("pass status", result.PassStatus is null ? null : Pass(result.PassStatus));
        Fact("model", result.Model);
        Fact("dataset", result.Dataset);
        Fact("metric", result.Metric);
        Fact("benchmark", result.Benchmark);
        Fact("evaluation", result.Evaluation);
        Fact("labels", result.Labels.Count == 0 ? null : string.Join(", ", result.Labels.Select(l => $"{l.Key}={l.Value}")));
        Fact("rows / items / max trials", $"{result.RowCount} / {result.ItemCount} / {result.MaxTrials}");
        Fact("created", result.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
        Fact("finished", result.FinishedAt?.ToString("u", CultureInfo.InvariantCulture));
        Fact("error", result.ErrorDescription);
        console.Out.Write(facts);
        if (result.Scores.Count > 0)
        {
            AggregateTable(console, result.Scores);
        }
    }

    public static void AggregateTable(CliConsole console, IReadOnlyList<ScoreAggregate> scores)
    {
        var table = Table("metric", "score", "type", "n", "NaN", "mean [95% CI]", "std err", "std dev", "min", "p50", "max", "pass rate");
        foreach (var s in scores)
        {
            table.AddRow(Cells(s.Metric, s.Name, Text(s.ScoreType), s.Count.ToString(CultureInfo.InvariantCulture),
                s.NanCount.ToString(CultureInfo.InvariantCulture), MeanWithCi(s), Number(s.StdErr), Number(s.StdDev), Number(s.Min),
                Number(s.Percentiles?.GetValueOrDefault("p50")), Number(s.Max), Number(s.PassRate)));
        }
        console.Out.Write(table);
    }

    /// <summary>A table whose column headers are plain text, not Spectre markup ("[95% CI]" would be read as a style).</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column)));
        }
        return table;
    }

    public static string Text<TEnum>(TEnum value) where TEnum : struct, Enum
        => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static Markup[] Cells(params string[] values) => values.Select(v => new Markup(Markup.Escape(v))).ToArray();
}
