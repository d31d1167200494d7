using System.Text.Json.Nodes;
using Evalstore.Core;
using Evalstore.Server.Http;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>
/// NeMo's FastAPI error bodies under <c>/apis/evaluation</c>: <c>{"detail": "…"}</c> (<c>HTTPException</c>), and for a
/// 422 FastAPI's <c>HTTPValidationError</c>, <c>{"detail": [{"loc": [...], "msg": "…", "type": "…"}]}</c>
/// (NVIDIA-NeMo/nemo-platform openapi.yaml; <c>ValidationError</c> in Zenodia/nemo-platform f20bd5aa
/// <c>sdk/python/nemo-platform/src/nemo_platform/types/shared/validation_error.py</c>).
/// </summary>
internal sealed class NeMoErrorFormat : IErrorFormat
{
    public const string LocationKey = "nemo_loc";
    public const string TypeKey = "nemo_type";

    public PathString Prefix { get; } = "/apis/evaluation";

    public Task WriteAsync(HttpContext context, EvalstoreException problem)
    {
        if (problem.Status != 422)
        {
            return context.Response.WriteAsJsonAsync(new NeMoError(problem.Detail), NeMoJson.Options, "application/json",
                context.RequestAborted);
        }
        var location = problem.Extensions.TryGetValue(LocationKey, out var loc) && loc is string[] parts ? parts : ["query"];
        var error = new JsonObject
        {
            ["loc"] = new JsonArray(location.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
            ["msg"] = problem.Detail,
            ["type"] = problem.Extensions.TryGetValue(TypeKey, out var type) && type is string t ? t : "value_error",
        };
        var body = new JsonObject { ["detail"] = new JsonArray(error) };
        return context.Response.WriteAsJsonAsync(body, NeMoJson.Options, "application/json", context.RequestAborted);
    }

    /// <summary>A 422 on query parameter <paramref name="parameter"/>, of FastAPI/pydantic error type <paramref name="type"/>.</summary>
    public static EvalstoreException Validation(string parameter, string type, string message) =>
        new EvalstoreException(422, "Unprocessable content", message).With(LocationKey, new[] { "query", parameter }).With(TypeKey, type);
}

/// <summary>FastAPI's <c>HTTPException</c> body.</summary>
internal sealed record NeMoError(string Detail);
