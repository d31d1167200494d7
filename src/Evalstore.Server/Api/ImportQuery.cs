using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Http;

namespace Evalstore.Server.Api;

/// <summary>
/// Run metadata of a one-shot import, from the query string (so that <c>curl --data-binary @rows.jsonl</c> is enough):
/// <c>name</c>, <c>project</c>, <c>kind</c>, <c>model</c>, <c>dataset</c>, <c>metric</c>, <c>benchmark</c>,
/// <c>evaluation</c>, <c>created_by</c>, repeated <c>label=k=v</c>, and <c>spec</c> (a JSON run spec for declarations).
/// </summary>
internal static class ImportQuery
{
    private static readonly string[] s_known =
        ["name", "project", "kind", "model", "dataset", "metric", "benchmark", "evaluation", "created_by", "label", "spec"];

    public static RunSpec Read(HttpRequest request)
    {
        request.RejectUnknownQuery(s_known);
        var query = request.Query;
        RunSpec spec;
        if (query["spec"].ToString() is { Length: > 0 } json)
        {
            try
            {
                spec = JsonSerializer.Deserialize<RunSpec>(json, EvalstoreJson.Options)!;
            }
            catch (JsonException e)
            {
                throw EvalstoreException.BadRequest($"'spec' is not a valid run spec: {e.Message}");
            }
        }
        else
        {
            spec = new RunSpec { Name =
                query["name"].ToString() is { Length: > 0 } n ? n : throw EvalstoreException.BadRequest("'name' is required.") };
        }
        string? Get(string name, string? fallback) => query[name].ToString() is { Length: > 0 } value ? value : fallback;
        var labels = new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>());
        foreach (var label in query["label"])
        {
            var eq = label?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            if (eq <= 0)
            {
                throw EvalstoreException.BadRequest($"'label' must be key=value, found '{label}'.");
            }
            labels[label![..eq]] = label[(eq + 1)..];
        }
        var kindText = Get("kind", null);
        return spec with
        {
            Name = Get("name", spec.Name)!,
            Project = Get("project", spec.Project),
            Kind = kindText is null ? spec.Kind : Enum.TryParse<ResultKind>(kindText, ignoreCase: true, out var kind) ? kind
                : throw EvalstoreException.BadRequest($"Unknown kind '{kindText}': use metric, benchmark or evaluation."),
            Model = Get("model", spec.Model),
            Dataset = Get("dataset", spec.Dataset),
            Metric = Get("metric", spec.Metric),
            Benchmark = Get("benchmark", spec.Benchmark),
            Evaluation = Get("evaluation", spec.Evaluation),
            CreatedBy = Get("created_by", spec.CreatedBy),
            Labels = labels,
        };
    }
}
