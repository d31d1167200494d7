using Evalstore.Core;
using Evalstore.Server.Http;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>DigitalOcean's error body <c>{id, message, request_id}</c> for everything under <c>/v2/gen-ai</c>.</summary>
internal sealed class GradientErrorFormat : IErrorFormat
{
    public PathString Prefix { get; } = "/v2/gen-ai";

    public Task WriteAsync(HttpContext context, EvalstoreException problem)
    {
        var body = new GradientError(Id(problem.Status), problem.Detail, context.TraceIdentifier);
        return context.Response.WriteAsJsonAsync(body, GradientJson.Options, "application/json; charset=utf-8", context.RequestAborted);
    }

    /// <summary>DigitalOcean's error ids are the snake_case reason of the status.</summary>
    public static string Id(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        409 => "conflict",
        413 => "request_entity_too_large",
        422 => "unprocessable_entity",
        429 => "too_many_requests",
        >= 500 => "server_error",
        _ => "error",
    };
}
