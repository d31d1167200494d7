namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// Bytes on disk of this store's tables, with their indexes and TOAST (the tables of its schema only, so several
    /// stores sharing one database each report their own).
    /// </summary>
    internal Task<long> SizeBytesAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => Convert.ToInt64(await ScalarAsync(c, """
            SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')
            """, cancellationToken), System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
}
