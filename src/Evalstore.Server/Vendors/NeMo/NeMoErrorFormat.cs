using Evalstore.Core;
using Evalstore.Server.Http;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>NeMo's FastAPI error body <c>{"detail": "…"}</c> for everything under <c>/apis/evaluation</c>.</summary>
internal sealed class NeMoErrorFormat : IErrorFormat
{
    public PathString Prefix { get; } = "/apis/evaluation";

    public Task WriteAsync(HttpContext context, EvalstoreException problem) =>
        context.Response.WriteAsJsonAsync(new NeMoError(problem.Detail), NeMoJson.Options, "application/json", context.RequestAborted);
}

/// <summary>FastAPI's <c>HTTPException</c> body.</summary>
internal sealed record NeMoError(string Detail);
