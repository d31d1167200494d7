using Evalstore.Core;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage;

/// <summary>What only the server asks of a database store, beyond the domain operations every client has.</summary>
public interface IServerStore : IEvalStore
{
    /// <summary>The live key with this secret, or null.</summary>
    Task<ApiKeyInfo?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default);

    /// <summary>True once any key exists: from then on every request needs one.</summary>
    Task<bool> AnyKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>True when the store holds no result at all (used to load demo data once).</summary>
    Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The live results of a workspace that hold an item with this row digest, newest first, at most
    /// <paramref name="limit"/> of them, each with the item's smallest row index there (the UI's "same item elsewhere").
    /// </summary>
    Task<IReadOnlyList<ItemOccurrence>> FindItemOccurrencesAsync(string workspace, string digest, int limit,
        CancellationToken cancellationToken = default);
}
