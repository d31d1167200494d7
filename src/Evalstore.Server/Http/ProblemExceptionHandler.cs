using System.Text.Json;
using Evalstore.Core;
using Microsoft.AspNetCore.Diagnostics;

namespace Evalstore.Server.Http;

/// <summary>
/// Turns every exception into an error response: expected failures (<see cref="EvalstoreException"/>) keep their
/// status and detail, malformed bodies become 400, oversized ones 413, and anything else a 500 whose detail points
/// at the server log instead of leaking internals.
/// </summary>
internal sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return true; // the client went away; nobody is left to answer
        }
        var problem = ToProblem(exception);
        if (problem.Status >= 500)
        {
            LogUnexpected(logger, exception, context.Request.Method, context.Request.Path);
        }
        if (context.Response.HasStarted)
        {
            // A stream was already under way: cut it so the client sees a truncated body, not a silently short one.
            context.Abort();
            return true;
        }
        await ErrorResponses.WriteAsync(context, problem);
        return true;
    }

    public static EvalstoreException ToProblem(Exception exception) => exception switch
    {
        EvalstoreException problem => problem,
        BadHttpRequestException { StatusCode: 413 } => EvalstoreException.TooLarge("The request body is larger than this server accepts."),
        BadHttpRequestException bad => new EvalstoreException(bad.StatusCode, "Bad request", bad.Message),
        JsonException json => EvalstoreException.BadRequest($"Malformed JSON body: {json.Message}"),
        _ => new EvalstoreException(500, "Internal server error", "An unexpected error occurred; the server log has the details."),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
