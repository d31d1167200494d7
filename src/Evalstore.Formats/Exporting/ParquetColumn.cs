using Parquet;
using Parquet.Schema;

namespace Evalstore.Formats.Exporting;

/// <summary>
/// One typed Parquet column with a buffer for one row group: values are set by position, written when the group is
/// full, then cleared. Memory is the row group, never the result.
/// </summary>
internal abstract class ParquetColumn(DataField field)
{
    public DataField Field { get; } = field;

    /// <summary>Writes the first <paramref name="count"/> values as this column of the group, then clears them.</summary>
    public abstract Task FlushAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken);

    public static ParquetColumn<long> Int64(string name, int capacity) => new(new DataField<long?>(name), capacity);

    public static ParquetColumn<int> Int32(string name, int capacity) => new(new DataField<int?>(name), capacity);

    public static ParquetColumn<double> Double(string name, int capacity) => new(new DataField<double?>(name), capacity);

    public static ParquetColumn<bool> Boolean(string name, int capacity) => new(new DataField<bool?>(name), capacity);

    public static ParquetColumn<DateTime> Timestamp(string name, int capacity) =>
        new(new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
            capacity);

    public static ParquetTextColumn Text(string name, int capacity) => new(name, capacity);
}

/// <summary>A column of numbers, booleans or timestamps (null where a row has no value).</summary>
internal sealed class ParquetColumn<T>(DataField field, int capacity) : ParquetColumn(field) where T : struct
{
    private readonly T?[] _values = new T?[capacity];

    public void Set(int row, T? value) => _values[row] = value;

    public override async Task FlushAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken)
    {
        await group.WriteAsync<T>(Field, _values.AsMemory(0, count), cancellationToken: cancellationToken);
        Array.Clear(_values, 0, count);
    }
}

/// <summary>A column of UTF-8 strings (null where a row has no value).</summary>
internal sealed class ParquetTextColumn(string name, int capacity) : ParquetColumn(new DataField<string>(name, nullable: true))
{
    private readonly string?[] _values = new string?[capacity];

    public void Set(int row, string? value) => _values[row] = value;

    public override async Task FlushAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken)
    {
        await group.WriteAsync(Field, new ArraySegment<string>(_values!, 0, count));
        Array.Clear(_values, 0, count);
    }
}
