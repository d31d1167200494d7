using Evalstore.Core.Model;
using Evalstore.Server.Http;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Api;

/// <summary>Deliveries of the scheduled report (<c>serve --report</c>) to the operator's webhooks, newest first.</summary>
internal static class ReportDeliveryEndpoints
{
    private static readonly string[] s_parameters = ["limit"];

    public static void MapReportDeliveries(this RouteGroupBuilder workspace) =>
        workspace.MapGet("/report-deliveries", ListAsync).WithTags("Analysis").WithName("ReportDeliveries")
            .WithSummary("Scheduled report deliveries to webhooks, newest first: when due, attempts, status, HTTP status and error.")
            .ProducesProblem(400);

    private static async Task<Ok<ReportDeliveryList>> ListAsync(string workspace, HttpRequest request, IServerStore store)
    {
        request.RejectUnknownQuery(s_parameters);
        var limit = request.QueryInt("limit", 1, ResultQuery.MaxPageSize) ?? 100;
        return TypedResults.Ok(new ReportDeliveryList(
            await store.ListReportDeliveriesAsync(workspace, limit, request.HttpContext.RequestAborted)));
    }
}
