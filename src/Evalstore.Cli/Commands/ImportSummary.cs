using System.Globalization;
using Evalstore.Core.Model;
using Spectre.Console;

namespace Evalstore.Cli.Commands;

/// <summary>The tables printed after an import: what was created, and how it compares with the harness's own numbers.</summary>
internal static class ImportSummary
{
    public static void Write(CliConsole console, ImportReport report)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "file", "result", "rows", "items", "scores", "checks vs the harness" })
        {
            table.AddColumn(column);
        }
        foreach (var imported in report.Results)
        {
            var result = imported.Result;
            table.AddRow(Cell(imported.File), Cell(result.Name), Cell(result.RowCount.ToString(CultureInfo.InvariantCulture)),
                Cell(result.ItemCount.ToString(CultureInfo.InvariantCulture)),
                    Cell(result.Scores.Count.ToString(CultureInfo.InvariantCulture)),
                Cell(Checks(imported)));
        }
        console.Out.Write(table);
        var mismatches = report.Results.SelectMany(
            r => r.Checks.Where(c => c.Status == HarnessCheckStatus.Mismatch).Select(c => (r.Result.Name, Check: c))).ToList();
        if (mismatches.Count > 0)
        {
            var detail = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn("score").AddColumn("statistic")
                .AddColumn("harness").AddColumn("ours").AddColumn("reported at");
            foreach (var (name, check) in mismatches)
            {
                detail.AddRow(Cell(name), Cell($"{check.Metric}:{check.Score}"), Cell(check.Statistic), Cell(Render.Number(check.Expected)),
                    Cell(Render.Number(check.Actual)), Cell(check.Source));
            }
            console.Out.Write(detail);
        }
        if (report.Results is [var single])
        {
            // One result: its aggregates too, as the rows import always printed them.
            Render.AggregateTable(console, single.Result.Scores);
        }
        foreach (var imported in report.Results)
        {
            var result = imported.Result;
            console.Note($"Imported {Plural.Of(result.RowCount, "row")} ({Plural.Of(result.ItemCount, "item")}) from {imported.File} " +
                $"as '{result.Name}' ({result.Id}).");
            foreach (var note in imported.Notes)
            {
                console.Note($"{imported.Result.Name}: {note}");
            }
        }
        foreach (var name in report.Replaced)
        {
            console.Note($"replaced: deleted the earlier result '{name}'");
        }
        foreach (var skipped in report.Skipped)
        {
            console.Note($"skipped {skipped}");
        }
        if (report.Results.Count != 1 || mismatches.Count > 0)
        {
            console.Note($"{Plural.Of(report.Results.Count, "result")}, {Plural.Of(report.Results.Sum(r => r.Result.RowCount), "row")}" +
                         (mismatches.Count > 0
                             ? $"; {Plural.Of(mismatches.Count, "number")} differ{(mismatches.Count == 1 ? "s" : "")} from the harness's."
                             : "."));
        }
    }

    private static string Checks(ImportedResult imported)
    {
        if (imported.Checks.Count == 0)
        {
            return "–";
        }
        var parts = new List<string>();
        void Count(HarnessCheckStatus status, string word)
        {
            var n = imported.Checks.Count(c => c.Status == status);
            if (n > 0)
            {
                parts.Add($"{n} {word}");
            }
        }
        Count(HarnessCheckStatus.Match, "match");
        Count(HarnessCheckStatus.Mismatch, "MISMATCH");
        Count(HarnessCheckStatus.Skipped, "skipped");
        return string.Join(", ", parts);
    }

    private static Markup Cell(string text) => new(Markup.Escape(text));
}
