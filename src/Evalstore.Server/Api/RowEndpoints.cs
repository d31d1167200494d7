using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Http;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Api;

/// <summary>Row scores: the JSONL stream of a result's rows (filterable), and one item with all its trials.</summary>
internal static class RowEndpoints
{
    private static readonly string[] s_rowParameters = ["where", "trial", "from", "to", "errored", "offset", "limit", "sort"];

    public static void MapRows(this RouteGroupBuilder workspace)
    {
        var rows = workspace.MapGroup("/results/{result}/rows").WithTags("Rows");
        rows.MapGet("/", ReadAsync).WithName("ReadRows")
            .WithSummary(
                "Row scores as JSONL (ingest shape plus row_digest); where=exact-match<0.7 (repeatable), trial, from, to, errored, " +
                "offset, limit, sort.")
            .Produces<string>(200, JsonlStream.ContentType).ProducesProblem(400).ProducesProblem(404);
        rows.MapGet("/{rowIndex:long}", ReadOneAsync).WithName("ReadRow").WithSummary("One item with every trial.").ProducesProblem(404);
    }

    private static async Task<IResult> ReadAsync(string workspace, string result, HttpRequest request, IServerStore store)
    {
        request.RejectUnknownQuery(s_rowParameters);
        var info = await store.RequireResultAsync(workspace, result, request.HttpContext.RequestAborted);
        var query = Parse(request);
        return new JsonlStream(store.ReadRowsAsync(workspace, info.Id, query, request.HttpContext.RequestAborted));
    }

    /// <summary>Reads a row query from the query string.</summary>
    public static RowQuery Parse(HttpRequest request)
    {
        var sort = request.Query["sort"].ToString();
        return new RowQuery
        {
            Where = request.Query["where"].Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => ScoreCondition.Parse(w!)).ToList(),
            Trial = request.QueryInt("trial", 0, int.MaxValue),
            FromRow = request.QueryLong("from"),
            ToRow = request.QueryLong("to"),
            ErroredOnly = request.QueryBool("errored"),
            Offset = request.QueryLong("offset") ?? 0,
            Limit = request.QueryLong("limit"),
            SortBy = sort.Length == 0 ? null : sort.TrimStart('-'),
            Descending = sort.StartsWith('-'),
        };
    }

    private static async Task<IResult> ReadOneAsync(
        string workspace, string result, long rowIndex, IServerStore store, CancellationToken cancellationToken)
    {
        var info = await store.RequireResultAsync(workspace, result, cancellationToken);
        var trials = new List<RowRecord>();
        await foreach (var row in store.ReadRowsAsync(
            workspace, info.Id, new RowQuery { FromRow = rowIndex, ToRow = rowIndex }, cancellationToken))
        {
            trials.Add(row);
        }
        if (trials.Count == 0)
        {
            throw EvalstoreException.NotFound($"Result '{info.Name}' has no row {rowIndex}.");
        }
        return new RowDetailResult(trials);
    }

    /// <summary>Writes <c>{row_index, row_digest, item, trials: [...]}</c> with the item once.</summary>
    private sealed class RowDetailResult(IReadOnlyList<RowRecord> trials) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await using var writer = new Utf8JsonWriter(httpContext.Response.Body);
            writer.WriteStartObject();
            writer.WriteNumber("row_index", trials[0].RowIndex);
            writer.WriteString("row_digest", trials[0].Digest);
            writer.WriteStartArray("trials");
            JsonElement? item = null;
            var documents = new List<JsonDocument>();
            foreach (var trial in trials)
            {
                var document = trial.Parse();
                documents.Add(document);
                writer.WriteStartObject();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.NameEquals("item"))
                    {
                        item ??= property.Value;
                    }
                    else if (!property.NameEquals("row_index") && !property.NameEquals("row_digest"))
                    {
                        property.WriteTo(writer);
                    }
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WritePropertyName("item");
            item!.Value.WriteTo(writer);
            writer.WriteEndObject();
            await writer.FlushAsync(httpContext.RequestAborted);
            documents.ForEach(d => d.Dispose());
        }
    }
}
