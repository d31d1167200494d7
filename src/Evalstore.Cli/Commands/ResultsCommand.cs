using System.CommandLine;
using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Cli.Commands;

/// <summary><c>evalstore results list|show|delete</c>.</summary>
internal static class ResultsCommand
{
    private static readonly Option<string?> s_filter =
        new("--filter") { Description = "Filter: JSON ({\"model\":\"x\"}) or text (model:\"x\" AND name~\"llama\")." };
    private static readonly Option<string> s_sort =
        new("--sort") { Description = "created_at, updated_at or name; leading '-' descends.", DefaultValueFactory = _ => "-created_at" };
    private static readonly Option<int> s_page = new("--page") { Description = "Page number.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> s_pageSize =
        new("--page-size") { Description = $"Results per page (max {ResultQuery.MaxPageSize}).", DefaultValueFactory = _ => 50 };
    private static readonly Argument<string> s_name = new("name") { Description = "Result name or UUID." };
    private static readonly Option<string?> s_listFormat = OutputFormat.Create("results list", ["table", "json", "jsonl"]);
    private static readonly Option<string?> s_showFormat = OutputFormat.Create("results show", ["table", "json"]);

    public static Command Create(CliConsole console)
    {
        var list = new Command("list", "List results.") { s_filter, s_sort, s_page, s_pageSize, s_listFormat };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var filterText = parse.GetValue(s_filter);
            var page = await store.ListResultsAsync(GlobalOptions.WorkspaceOf(parse), new ResultQuery
            {
                Filter = string.IsNullOrWhiteSpace(filterText) ? null : FilterParser.Parse(filterText, FilterSchema.Results),
                Sort = parse.GetValue(s_sort)!,
                Page = parse.GetValue(s_page),
                PageSize = parse.GetValue(s_pageSize),
            }, cancellationToken);
            switch (parse.GetValue(s_listFormat))
            {
                case "json":
                    Render.Json(console, page.Data);
                    break;
                case "jsonl":
                    page.Data.ToList().ForEach(r => Render.JsonLine(console, r));
                    break;
                default:
                    Render.ResultTable(console, page.Data);
                    console.Note($"Page {page.Page} of {page.TotalPages}, {Plural.Of(page.TotalResults, "result")}.");
                    break;
            }
            return ExitCodes.Success;
        });

        var show = new Command("show", "Show a result with all its aggregates.") { s_name, s_showFormat };
        show.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var result = await Require(store, parse, cancellationToken);
            if (parse.GetValue(s_showFormat) == "json")
            {
                Render.Json(console, result);
            }
            else
            {
                Render.ResultDetail(console, result);
            }
            return ExitCodes.Success;
        });

        var delete = new Command("delete", "Delete a result.") { s_name };
        delete.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var result = await Require(store, parse, cancellationToken);
            await store.DeleteResultAsync(GlobalOptions.WorkspaceOf(parse), result.Id, cancellationToken);
            console.Note($"Deleted result '{result.Name}' ({result.Id}).");
            return ExitCodes.Success;
        });

        return new Command("results", "List, show and delete results.") { list, show, delete };
    }

    public static async Task<ResultInfo> Require(IEvalStore store, ParseResult parse, CancellationToken cancellationToken)
    {
        return await ResultLookup.RequireAsync(store, GlobalOptions.WorkspaceOf(parse), parse.GetValue(s_name)!, cancellationToken);
    }
}
