using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Model;
using Spectre.Console;

namespace Evalstore.Cli.Commands;

/// <summary><c>evalstore rows NAME [--where "exact-match&lt;0.7"]</c>: the row scores of a result.</summary>
internal static class RowsCommand
{
    private static readonly Argument<string> s_name = new("name") { Description = "Result name or UUID." };
    private static readonly Option<string[]> s_where =
        new("--where") { Description = "Score condition, e.g. \"exact-match<0.7\" or \"any<0.5\" (repeatable; all must hold)." };
    private static readonly Option<int?> s_trial = new("--trial") { Description = "Only this trial." };
    private static readonly Option<long?> s_from = new("--from") { Description = "First row index." };
    private static readonly Option<long?> s_to = new("--to") { Description = "Last row index." };
    private static readonly Option<bool> s_errored = new("--errored") { Description = "Only rows with a metric error." };
    private static readonly Option<long?> s_limit = new("--limit") { Description = "At most this many rows." };
    private static readonly Option<string?> s_format = OutputFormat.Create("rows", ["table", "jsonl"]);

    public static Command Create(CliConsole console)
    {
        var command = new Command("rows", "Print the row scores of a result (table, or --format jsonl for the row-scores lines).")
        {
            s_name, s_where, s_trial, s_from, s_to, s_errored, s_limit, s_format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var workspace = GlobalOptions.WorkspaceOf(parse);
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var result = await ResultLookup.RequireAsync(store, workspace, parse.GetValue(s_name)!, cancellationToken);
            var query = new RowQuery
            {
                Where = (parse.GetValue(s_where) ?? []).Select(ScoreCondition.Parse).ToList(),
                Trial = parse.GetValue(s_trial),
                FromRow = parse.GetValue(s_from),
                ToRow = parse.GetValue(s_to),
                ErroredOnly = parse.GetValue(s_errored),
                Limit = parse.GetValue(s_limit),
            };
            var rows = store.ReadRowsAsync(workspace, result.Id, query, cancellationToken);
            if (parse.GetValue(s_format) == "jsonl")
            {
                await foreach (var row in rows)
                {
                    await console.Data.WriteLineAsync(Encoding.UTF8.GetString(row.Json.Span));
                }
                return ExitCodes.Success;
            }
            var table = Render.Table("row", "trial", "output", "scores");
            var count = 0;
            await foreach (var row in rows)
            {
                using var document = row.Parse();
                table.AddRow(new Markup(row.RowIndex.ToString(CultureInfo.InvariantCulture)),
                    new Markup(row.Trial.ToString(CultureInfo.InvariantCulture)),
                    new Markup(Markup.Escape(Output(document.RootElement))), new Markup(Markup.Escape(Scores(document.RootElement))));
                count++;
            }
            console.Out.Write(table);
            console.Note($"{Plural.Of(count, "row")}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Output(JsonElement row)
    {
        if (!row.TryGetProperty("sample", out var sample))
        {
            return "";
        }
        var text = sample.TryGetProperty("output_text", out var output) && output.ValueKind == JsonValueKind.String ? output.GetString()!
            : sample.GetRawText();
        return text.Length > 60 ? text[..57] + "…" : text;
    }

    private static string Scores(JsonElement row)
    {
        var parts = new List<string>();
        foreach (var metric in row.GetProperty("metrics").EnumerateObject())
        {
            foreach (var score in metric.Value.EnumerateArray())
            {
                var name = score.GetProperty("name").GetString();
                var key = name == metric.Name ? metric.Name : $"{metric.Name}:{name}";
                parts.Add($"{key}={score.GetProperty("value").ToString()}");
            }
        }
        return string.Join("  ", parts);
    }
}
