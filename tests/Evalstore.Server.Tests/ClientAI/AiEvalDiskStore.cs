using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Evalstore.Server.Tests.ClientAI;

/// <summary>
/// Writes a result store in the on-disk layout of Microsoft.Extensions.AI.Evaluation.Reporting's DiskBasedResultStore:
/// <c>root/results/&lt;execution&gt;/&lt;scenario&gt;/&lt;iteration&gt;.json</c>, each a ScenarioRunResult in camelCase with
/// the messages and response in Microsoft.Extensions.AI's own JSON, metrics keyed by name with a <c>$type</c>
/// discriminator, and enums (rating, severity) as camelCase strings.
/// </summary>
public static class AiEvalDiskStore
{
    public static void Write(string root, string execution, string scenario, string iteration, string question, string answer,
        JsonObject metrics, DateTime created, params string[] tags)
    {
        var json = AIJsonUtilities.DefaultOptions;
        var directory = Path.Combine(root, "results", execution, scenario);
        Directory.CreateDirectory(directory);
        var result = new JsonObject
        {
            ["scenarioName"] = scenario,
            ["iterationName"] = iteration,
            ["executionName"] = execution,
            ["creationTime"] = created,
            ["messages"] = JsonSerializer.SerializeToNode(new List<ChatMessage> { new(ChatRole.User, question) }, json),
            ["modelResponse"] = JsonSerializer.SerializeToNode(
                new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
                {
                    ModelId = "gpt-test", Usage = new UsageDetails { InputTokenCount = 7, OutputTokenCount = 3 },
                },
                json),
            ["evaluationResult"] = new JsonObject { ["metrics"] = metrics },
            ["chatDetails"] = new JsonObject { ["turnDetails"] = new JsonArray() },
            ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]),
            ["formatVersion"] = 1,
        };
        File.WriteAllText(Path.Combine(directory, iteration + ".json"),
            result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public static JsonObject Numeric(string name, double? value, string rating, bool failed, string? reason = null) => new()
    {
        ["$type"] = "numeric",
        ["name"] = name,
        ["value"] = value,
        ["reason"] = reason,
        ["interpretation"] = new JsonObject { ["rating"] = rating, ["failed"] = failed, ["reason"] = failed ? "below 4" : null },
        ["diagnostics"] = new JsonArray(),
        ["metadata"] = new JsonObject { ["evaluation-duration-in-seconds"] = "0.5" },
    };

    public static JsonObject Boolean(string name, bool? value, string? error = null) => new()
    {
        ["$type"] = "boolean",
        ["name"] = name,
        ["value"] = value,
        ["diagnostics"] = error is null ? new JsonArray() : new JsonArray(new JsonObject { ["severity"] = "error", ["message"] = error }),
    };
}
