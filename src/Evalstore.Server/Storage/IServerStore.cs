using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;

namespace Evalstore.Server.Storage;

/// <summary>What only the server asks of a database store, beyond the domain operations every client has.</summary>
public interface IServerStore : IEvalStore
{
    /// <summary>The live key with this secret, or null.</summary>
    Task<ApiKeyInfo?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default);

    /// <summary>True once any key exists: from then on every request needs one.</summary>
    Task<bool> AnyKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every value of a result's scores with the row digest it belongs to, one list per score (metric + name), for
    /// joining results item by item. <paramref name="metric"/> and <paramref name="score"/> narrow it to one metric
    /// or one score; a score name alone (no such metric) also matches.
    /// </summary>
    IAsyncEnumerable<ScoreItems> ReadScoreItemsAsync(string workspace, Guid resultId, string? metric, string? score,
        CancellationToken cancellationToken = default);

    /// <summary>True when the store holds no result at all (used to load demo data once).</summary>
    Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The live results of a workspace that hold an item with this row digest, newest first, at most
    /// <paramref name="limit"/> of them, each with the item's smallest row index there (the UI's "same item elsewhere").
    /// </summary>
    Task<IReadOnlyList<ItemOccurrence>> FindItemOccurrencesAsync(string workspace, string digest, int limit,
        CancellationToken cancellationToken = default);
}

/// <summary>All values of one score of one result, with their row digests.</summary>
public sealed record ScoreItems(string Metric, string Name, IReadOnlyList<ItemScore> Values);
