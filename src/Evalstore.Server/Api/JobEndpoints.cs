using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Scoring;
using Evalstore.Scoring.Metrics;
using Evalstore.Server.Http;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Api;

/// <summary>Offline scoring jobs: score a JSONL body of outputs with built-in metrics and store it as a completed result.</summary>
internal static class JobEndpoints
{
    private static readonly string[] s_parameters =
        ["name", "metric", "metrics", "output", "reference", "project", "model", "dataset", "benchmark", "metric_ref", "label"];

    public static void MapJobs(this RouteGroupBuilder workspace) =>
        workspace.MapPost("/jobs", RunAsync).WithTags("Jobs").WithName("RunScoringJob")
            .WithSummary(
                "Score outputs (JSONL body of item + sample) with metric=exact-match&metric=f1… or " +
                "metrics=[{type,name,output,reference,…}]; one metric gives a metric result, several a benchmark result.")
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(413);

    private static async Task<Created<ResultInfo>> RunAsync(
        string workspace, HttpRequest request, IServerStore store, ServerOptions options,
        IHttpClientFactory clients)
    {
        request.RejectUnknownQuery(s_parameters);
        var query = request.Query;
        string? Get(string name) => query[name].ToString() is { Length: > 0 } value ? value : null;
        var metrics = new List<MetricSpec>();
        if (Get("metrics") is { } json)
        {
            try
            {
                metrics.AddRange(JsonSerializer.Deserialize<List<MetricSpec>>(json, EvalstoreJson.Options) ?? []);
            }
            catch (JsonException e)
            {
                throw EvalstoreException.BadRequest($"'metrics' is not a JSON list of metric specs: {e.Message}");
            }
        }
        metrics.AddRange(
            query["metric"].Where(m => !string.IsNullOrEmpty(m)).Select(m => MetricFactory.Parse(m!, Get("output"), Get("reference"))));
        foreach (var judge in metrics.Where(m => m.Type == "llm-judge"))
        {
            if (!options.AllowedJudgeUrls.Contains(judge.Url ?? "", StringComparer.OrdinalIgnoreCase))
            {
                throw EvalstoreException.BadRequest(
                    $"Metric '{judge.Key}': the server may only call judge URLs its operator allowed (evalstore serve --allow-judge " +
                        $"URL); '{judge.Url}' is not one of them.");
            }
        }
        var labels = new Dictionary<string, string>();
        foreach (var label in query["label"])
        {
            var eq = label?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            labels[eq > 0 ? label![..eq] : throw EvalstoreException.BadRequest($"'label' must be key=value, found '{label}'.")] =
                label[(eq + 1)..];
        }
        var spec = new RunSpec
        {
            Name = Get("name") ?? throw EvalstoreException.BadRequest("'name' is required."),
            Project = Get("project"),
            Model = Get("model"),
            Dataset = Get("dataset"),
            Benchmark = Get("benchmark"),
            Metric = Get("metric_ref"),
            Labels = labels,
        };
        var result = await ScoreJob.RunAsync(
            store, workspace, spec, metrics, request.Body, clients.CreateClient("judge"), request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/results/{result.Id}", result);
    }
}
