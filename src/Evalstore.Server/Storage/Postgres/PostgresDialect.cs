using System.Data.Common;
using Evalstore.Core.Filtering;
using Evalstore.Server.Storage.Sql;

namespace Evalstore.Server.Storage.Postgres;

/// <summary>PostgreSQL keeps UUIDs as uuid and instants as timestamptz; several instances write, so writes lock rows.</summary>
internal sealed class PostgresDialect : StoreDialect
{
    public static PostgresDialect Instance { get; } = new();

    private static readonly Func<string, string> s_labelMember = FilterColumns.PostgresJsonMember("labels");

    /// <summary>
    /// Filter fields whose column differs from the field: the id is a uuid here (compared as its text, as SQLite stores
    /// it), and labels are members of the <c>labels</c> JSON, in byte order like every other text column (so that
    /// <c>$like</c> folds ASCII case only, as on SQLite, whatever the database's locale).
    /// </summary>
    private static readonly FilterSchema s_filters = FilterSchema.Results.WithColumns(new FilterColumns(
        new Dictionary<string, string> { ["id"] = "id::text" }, key => $"({s_labelMember(key)}) COLLATE \"C\""));

    public override object Id(Guid id) => id;

    public override Guid ReadId(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    public override object Instant(DateTimeOffset instant) => instant;

    public override DateTimeOffset? ReadInstant(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override string ForUpdate => " FOR UPDATE";

    public override FilterSchema Filters => s_filters;

    public override SqlDialect FilterSql => SqlDialect.PostgreSql;
}
