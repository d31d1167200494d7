using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Cli.Commands;

/// <summary>Finds a result by name or UUID; a name that is not there gets a 404 that suggests the closest one that is.</summary>
internal static class ResultLookup
{
    // Enough names to catch a typo among recent results without reading a whole large workspace.
    private const int NamesToSearch = 1000;

    public static async Task<ResultInfo> RequireAsync(IEvalStore store, string workspace, string idOrName,
        CancellationToken cancellationToken)
    {
        if (await store.GetResultAsync(workspace, idOrName, cancellationToken) is { } result)
        {
            return result;
        }
        var recent = await store.ListResultsAsync(workspace, new ResultQuery { PageSize = NamesToSearch }, cancellationToken);
        throw EvalstoreException.NotFound(
            $"No result '{idOrName}' in workspace '{workspace}'.{Suggestions.DidYouMean(idOrName, recent.Data.Select(r => r.Name))}");
    }
}
