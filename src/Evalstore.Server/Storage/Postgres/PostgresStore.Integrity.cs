using Evalstore.Server.Storage.Sql;

namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string MissingItems = """
        SELECT r.workspace, r.name, count(*) FROM rows x JOIN results r ON r.result_key = x.result_key
        WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.digest = x.digest)
        GROUP BY r.result_key, r.workspace, r.name
        """;

    /// <summary>
    /// The store's invariants (<see cref="StoreInvariants"/>); empty when they all hold. PostgreSQL checks its own pages
    /// (checksums, <c>amcheck</c>) and is not second-guessed here.
    /// </summary>
    public Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(c => StoreInvariants.CheckAsync(c, MissingItems, cancellationToken), cancellationToken);
}
