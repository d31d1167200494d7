using System.Data.Common;
using Evalstore.Core.Filtering;

namespace Evalstore.Server.Storage.Sql;

/// <summary>
/// What the two engines spell differently in the SQL that <see cref="SqlStore"/> writes once. The rest of that SQL is
/// common to both: <c>@name</c> parameters, <c>ON CONFLICT</c>, <c>NULLS FIRST/LAST</c>, <c>LIMIT/OFFSET</c>. SQLite
/// keeps ids and instants as text, PostgreSQL as uuid and timestamptz; filters render through each engine's schema.
/// </summary>
internal abstract class StoreDialect
{
    /// <summary>A result's UUID as the engine stores it.</summary>
    public abstract object Id(Guid id);

    /// <summary>A stored UUID read back.</summary>
    public abstract Guid ReadId(DbDataReader reader, int ordinal);

    /// <summary>An instant as the engine stores it.</summary>
    public abstract object Instant(DateTimeOffset instant);

    /// <summary>A stored instant (or NULL) read back.</summary>
    public abstract DateTimeOffset? ReadInstant(DbDataReader reader, int ordinal);

    /// <summary>What a SELECT appends to lock the rows it reads until the transaction ends ("" where writes are serial).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>The result fields a filter may name, mapped to this engine's columns.</summary>
    public abstract FilterSchema Filters { get; }

    /// <summary>The filter renderer's dialect.</summary>
    public abstract SqlDialect FilterSql { get; }

    /// <summary>A filter's comparison value as a parameter: instants are stored values like any other.</summary>
    public object? FilterValue(object? value) => value is DateTimeOffset instant ? Instant(instant) : value;
}
