using Evalstore.Core.Model;

namespace Evalstore.Server.Storage;

/// <summary>One live result that holds an item (found by row digest), and the item's first row index there.</summary>
/// <param name="ResultId">The result's UUID.</param>
/// <param name="ResultName">The result's name.</param>
/// <param name="Model">Model reference of the result.</param>
/// <param name="Dataset">Dataset reference of the result.</param>
/// <param name="Status">Status of the result.</param>
/// <param name="CreatedAt">Creation time of the result.</param>
/// <param name="RowIndex">Smallest row index with this digest in that result.</param>
public sealed record ItemOccurrence(
    Guid ResultId, string ResultName, string? Model, string? Dataset, ResultStatus Status, DateTimeOffset CreatedAt, long RowIndex);
