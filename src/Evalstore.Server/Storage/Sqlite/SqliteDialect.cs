using System.Data.Common;
using Evalstore.Core.Filtering;
using Evalstore.Server.Storage.Sql;

namespace Evalstore.Server.Storage.Sqlite;

/// <summary>SQLite keeps UUIDs and instants as text (fixed-width UTC, so text order is time order).</summary>
internal sealed class SqliteDialect : StoreDialect
{
    public static SqliteDialect Instance { get; } = new();

    private static readonly FilterSchema s_filters =
        FilterSchema.Results.WithColumns(new FilterColumns(null, FilterColumns.SqliteJsonMember("labels")));

    public override object Id(Guid id) => id.ToString();

    public override Guid ReadId(DbDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));

    public override object Instant(DateTimeOffset instant) => Timestamps.ToText(instant);

    public override DateTimeOffset? ReadInstant(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Timestamps.Parse(reader.GetString(ordinal));

    // One writer at a time (the store's write lock and SQLite's own), so a write needs no row lock.
    public override string ForUpdate => "";

    public override FilterSchema Filters => s_filters;

    public override SqlDialect FilterSql => SqlDialect.Sqlite;
}
