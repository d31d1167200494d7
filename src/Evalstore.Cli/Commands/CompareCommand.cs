using System.CommandLine;
using System.Globalization;
using Evalstore.Core.Model;
using Spectre.Console;

namespace Evalstore.Cli.Commands;

/// <summary><c>evalstore compare A B [C…] [--metric M]</c>: paired, item-by-item comparison with honest p-values.</summary>
internal static class CompareCommand
{
    private static readonly Argument<string[]> s_results =
        new("results") { Description = "Baseline, then one or more candidates (names or UUIDs).", Arity = new ArgumentArity(2, 100) };
    private static readonly Option<string?> s_metric = new("--metric") { Description = "Only this score: metric or metric:score." };
    private static readonly Option<double> s_alpha =
        new("--alpha") { Description = "Significance level.", DefaultValueFactory = _ => 0.05 };
    private static readonly Option<int> s_bootstrap =
        new("--bootstrap") { Description = "Paired bootstrap replicates.", DefaultValueFactory = _ => 10_000 };
    private static readonly Option<ulong> s_seed = new("--seed") { Description = "Bootstrap seed.", DefaultValueFactory = _ => 20241119UL };
    private static readonly Option<string?> s_format = OutputFormat.Create("compare", ["table", "json"]);
    private static readonly Option<int> s_flipped =
        new("--flipped") { Description = "Flipped rows to list per candidate.", DefaultValueFactory = _ => 10 };

    public static Command Create(CliConsole console)
    {
        var command = new Command("compare", "Compare a baseline with candidates item by item (joined by row digest).")
        {
            s_results, s_metric, s_alpha, s_bootstrap, s_seed, s_flipped, s_format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var names = parse.GetValue(s_results)!;
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            foreach (var name in names)
            {
                await ResultLookup.RequireAsync(store, GlobalOptions.WorkspaceOf(parse), name, cancellationToken);
            }
            var report = await GlobalOptions.AnalysisOf(store).CompareAsync(GlobalOptions.WorkspaceOf(parse), new CompareRequest
            {
                Baseline = names[0],
                Candidates = names[1..],
                Metric = parse.GetValue(s_metric),
                Alpha = parse.GetValue(s_alpha),
                BootstrapIterations = parse.GetValue(s_bootstrap),
                Seed = parse.GetValue(s_seed),
                FlippedLimit = parse.GetValue(s_flipped),
            }, cancellationToken);
            if (parse.GetValue(s_format) == "json")
            {
                Render.Json(console, report);
                return ExitCodes.Success;
            }
            foreach (var candidate in report.Candidates)
            {
                Print(console, report, candidate);
            }
            console.Note($"Differences are candidate − baseline; p adjusted with Holm across " +
                $"{Plural.Of(report.ComparisonsAdjusted, "comparison")}; α = {Render.Number(report.Alpha)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(CliConsole console, ComparisonReport report, CandidateComparison candidate)
    {
        console.Out.MarkupLine(Markup.Escape(
            $"{report.Baseline.Name} ({report.Baseline.Model ?? "no model"}) → " +
            $"{candidate.Candidate.Name} ({candidate.Candidate.Model ?? "no model"}): " +
            $"{Plural.Of(candidate.MatchedItems, "matched item")}, {candidate.OnlyInBaseline} only in baseline, " +
            $"{candidate.OnlyInCandidate} only in candidate" +
            (candidate.DriftCount > 0 ? $", {Plural.Of(candidate.DriftCount, "row")} with changed content (dataset drift)" : "")));
        var table = Render.Table("score", "n", "baseline", "candidate", "diff [95% CI]", "test", "p", "p (Holm)", "win/loss/tie", "MDE",
            "verdict");
        foreach (var entry in candidate.Scores)
        {
            var c = entry.Comparison;
            var key = entry.Metric == entry.Name ? entry.Metric : $"{entry.Metric}:{entry.Name}";
            table.AddRow(new[]
            {
                key, c.N.ToString(CultureInfo.InvariantCulture), Render.Number(c.MeanA), Render.Number(c.MeanB),
                $"{Signed(c.Difference)} [{Signed(c.CiLow)}, {Signed(c.CiHigh)}]", c.VerdictTest is { } test ? WireNames.Of(test) : "–",
                P(c.VerdictP), P(entry.AdjustedP),
                $"{c.Wins}/{c.Losses}/{c.Ties}", Render.Number(c.MinimumDetectableEffect),
                WireNames.Of(entry.Significant || c.Verdict == Verdict.Inconclusive ? c.Verdict : Verdict.NoSignificantDifference),
            }.Select(v => new Markup(Markup.Escape(v))).ToArray());
        }
        console.Out.Write(table);
        if (candidate.Flipped is { } flipped)
        {
            console.Out.MarkupLine(Markup.Escape(
                $"{flipped.Metric}: {Plural.Of(flipped.Regressed, "item")} regressed (pass → fail), " +
                $"{flipped.Improved} improved (fail → pass)."));
            foreach (var row in flipped.Rows)
            {
                console.Out.MarkupLine(Markup.Escape(
                    $"  {row.Direction,-9} row {row.BaselineRowIndex}: {Render.Number(row.BaselineValue)} → " +
                    $"{Render.Number(row.CandidateValue)}  {Short(row.Item?.ToString())}"));
            }
        }
        console.Out.WriteLine();
    }

    private static string Signed(double? value) => value is null ? "–" : (value >= 0 ? "+" : "") + Render.Number(value);

    private static string P(double? p) => p switch
    {
        null => "–",
        < 0.0001 => "<0.0001",
        var v => v.Value.ToString("0.####", CultureInfo.InvariantCulture),
    };

    private static string Short(string? text) => text is null ? "" : text.Length > 70 ? text[..67] + "…" : text;
}
