using Evalstore.Core.Model;
using Evalstore.Server.Http;
using Evalstore.Server.Security;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// The W&amp;B Weave v2 Evaluation REST API at Weave's own paths, <c>/v2/{entity}/{project}/…</c>: entity = workspace,
/// project = the result's project, evaluation_run_id = the result's UUID. Scripts written for trace.wandb.ai run
/// unchanged with the base URL and key swapped. Design and the choices where Weave is silent: docs/weave.md.
/// </summary>
internal static class WeaveSurface
{
    public static IServiceCollection AddWeave(this IServiceCollection services) => services
        .AddSingleton<IErrorFormat, WeaveErrorFormat>()
        .AddSingleton<WeaveRuns>()
        .AddSingleton<RunReads>()
        .AddSingleton<RunFinisher>()
        .AddSingleton<PendingPredictions>()
        .AddSingleton<TrialSource>()
        .AddSingleton<WeaveObjects>()
        .AddSingleton<EvalResultsQuery>();

    public static IEndpointRouteBuilder MapWeave(this IEndpointRouteBuilder app)
    {
        var weave = app.MapGroup("/v2/{entity}/{project}").WithWorkspaceAccess().WithTags("Weave");
        weave.MapEvaluationRuns();
        weave.MapPredictions();
        weave.MapScores();
        weave.MapEvalResults();
        weave.MapObjects();
        return app;
    }
}
