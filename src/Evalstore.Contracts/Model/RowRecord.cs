using System.Text;
using System.Text.Json;

namespace Evalstore.Core.Model;

/// <summary>
/// One stored row (one trial of one item) as a row-scores line: the ingest shape plus <c>row_digest</c>, kept as
/// raw UTF-8 JSON so that streaming it out costs a copy, not a parse.
/// </summary>
public sealed class RowRecord(long rowIndex, int trial, string digest, ReadOnlyMemory<byte> json)
{
    /// <summary>Position of the item in the dataset.</summary>
    public long RowIndex { get; } = rowIndex;

    /// <summary>Trial number of this output.</summary>
    public int Trial { get; } = trial;

    /// <summary>Row digest of the item.</summary>
    public string Digest { get; } = digest;

    /// <summary>The whole line as UTF-8 JSON, without the newline.</summary>
    public ReadOnlyMemory<byte> Json { get; } = json;

    /// <summary>Parses the line; dispose the document when done.</summary>
    public JsonDocument Parse() => JsonDocument.Parse(Json);

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString(Json.Span);
}
