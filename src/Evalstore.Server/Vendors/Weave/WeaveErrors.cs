using System.Text.Json;
using Evalstore.Core;
using Evalstore.Server.Http;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// Errors under <c>/v2</c> in FastAPI's shape: <c>{"detail": "..."}</c>, and for body or query validation (422)
/// <c>{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}</c>. DigitalOcean's longer <c>/v2/gen-ai</c> prefix wins.
/// </summary>
internal sealed class WeaveErrorFormat : IErrorFormat
{
    public PathString Prefix => "/v2";

    public async Task WriteAsync(HttpContext context, EvalstoreException problem)
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body, WeaveJson.Writer);
        writer.WriteStartObject();
        if (problem.Extensions.TryGetValue(WeaveErrors.LocationKey, out var location) && location is IReadOnlyList<object> loc)
        {
            writer.WriteStartArray("detail");
            writer.WriteStartObject();
            writer.WriteStartArray("loc");
            foreach (var part in loc)
            {
                if (part is int index)
                {
                    writer.WriteNumberValue(index);
                }
                else
                {
                    writer.WriteStringValue(part.ToString());
                }
            }
            writer.WriteEndArray();
            writer.WriteString("msg", problem.Detail);
            writer.WriteString(
                "type", problem.Extensions.TryGetValue(WeaveErrors.TypeKey, out var type) ? type?.ToString() : "value_error");
            writer.WriteEndObject();
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteString("detail", problem.Detail);
        }
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}

/// <summary>The errors the Weave surface raises, in the statuses Weave's server uses.</summary>
internal static class WeaveErrors
{
    public const string LocationKey = "weave_loc";
    public const string TypeKey = "weave_type";

    /// <summary>422: a body or query value failed validation; <paramref name="location"/> is FastAPI's <c>loc</c>.</summary>
    public static EvalstoreException Validation(string message, params object[] location) =>
        new EvalstoreException(422, "Unprocessable content", message).With(LocationKey, location).With(TypeKey, "value_error");

    /// <summary>422 for a required field that is missing.</summary>
    public static EvalstoreException Missing(params object[] location) =>
        new EvalstoreException(422, "Unprocessable content", "Field required").With(LocationKey, location).With(TypeKey, "missing");

    /// <summary>404 for an evaluation run that is absent from this entity and project.</summary>
    public static EvalstoreException RunNotFound(string id) => EvalstoreException.NotFound($"Evaluation run {id} not found");

    /// <summary>409 for a write to a run that can no longer change.</summary>
    public static EvalstoreException RunImmutable(string id, string state) =>
        EvalstoreException.Conflict(
            $"Evaluation run {id} is {state}: Evalstore results are immutable once finished, so predictions and scores can no longer " +
            $"change.");
}
