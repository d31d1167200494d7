using Evalstore.Core.Model;

namespace Evalstore.Core.Stores;

/// <summary>What callers of any store need beyond its interface.</summary>
public static class EvalStoreExtensions
{
    /// <summary>Resolves a UUID or name to a result, or throws 404.</summary>
    public static async Task<ResultInfo> RequireResultAsync(this IEvalStore store, string workspace, string idOrName,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.GetResultAsync(workspace, idOrName, cancellationToken)
            ?? throw EvalstoreException.NotFound($"No result '{idOrName}' in workspace '{workspace}'.");
    }
}
