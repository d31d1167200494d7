using System.Globalization;
using System.Text;
using Evalstore.Core.Model;

namespace Evalstore.Core.Items;

/// <summary>
/// Sorts, filters and pages scored items by keyset: the cursor carries the last item's sort key, row index and digest,
/// so a page follows on from the previous one without counting or skipping.
/// </summary>
public static class ItemPages
{
    /// <summary>One page of items as the wire shows them, with the cursor of the next page.</summary>
    public static (IReadOnlyList<ItemStats> Items, string? Next, long Matching) Page(
        IReadOnlyList<ScoredItem> items, IReadOnlyList<ItemModel> models, ItemAnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(request);
        var (field, descending) = ParseSort(request.Sort);
        var after = request.After is null ? null : Cursor.Parse(request.After, field);
        var matching = items.Where(i => request.Flags.All(i.Flags.Contains)).ToList();
        var order = Comparer<ScoredItem>.Create((a, b) => Compare(Key(a, field), Key(b, field), descending));
        matching.Sort(order);
        var page = matching
            .Where(i => after is null || Compare(Key(i, field), after.Value, descending) > 0)
            .Take(request.Limit + 1)
            .ToList();
        var more = page.Count > request.Limit;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }
        var next = more ? Cursor.Format(field, Key(page[^1], field)) : null;
        return ([.. page.Select(i => Stats(i, models))], next, matching.Count);
    }

    /// <summary>The field and direction of a sort parameter; a 400 for anything else.</summary>
    public static (string Field, bool Descending) ParseSort(string sort)
    {
        var descending = sort.StartsWith('-');
        var field = descending ? sort[1..] : sort;
        return ItemAnalysisRequest.SortFields.Contains(field)
            ? (field, descending)
            : throw EvalstoreException.BadRequest(
                $"'sort' must be one of {string.Join(", ", ItemAnalysisRequest.SortFields)} (with '-' to descend), found '{sort}'.");
    }

    private readonly record struct SortKey(double? Value, long RowIndex, string Digest);

    private static SortKey Key(ScoredItem item, string field) => new(field switch
    {
        "solve_rate" => item.SolveRate,
        "discrimination" => item.Discrimination,
        _ => item.State.RowIndex,
    }, item.State.RowIndex, item.State.Digest);

    // An undefined discrimination (n/a) sorts last either way; ties go by row index, then digest, always ascending.
    private static int Compare(SortKey a, SortKey b, bool descending)
    {
        if (a.Value.HasValue != b.Value.HasValue)
        {
            return a.Value.HasValue ? -1 : 1;
        }
        if (a.Value is { } x && b.Value is { } y && x != y)
        {
            return descending ? y.CompareTo(x) : x.CompareTo(y);
        }
        var byRow = a.RowIndex.CompareTo(b.RowIndex);
        return byRow != 0 ? byRow : string.CompareOrdinal(a.Digest, b.Digest);
    }

    private static ItemStats Stats(ScoredItem item, IReadOnlyList<ItemModel> models)
    {
        var state = item.State;
        var cells = Enumerable.Range(0, state.Cells.Length).Where(m => state.Cells[m] is { Trials: > 0 }).ToList();
        return new ItemStats
        {
            Digest = state.Digest,
            RowIndex = state.RowIndex,
            Input = state.Input,
            Reference = state.Reference,
            ModelCount = item.ModelCount,
            SolveRate = item.SolveRate,
            FailedModels = [.. cells.Where(m => !state.Cells[m]!.Solved).Select(m => models[m].Model)],
            Discrimination = item.Discrimination,
            Flags = item.Flags,
            SuspectOutput = item.SuspectModels.Length > 0 ? state.Cells[item.SuspectModels[0]]!.Output : null,
            SuspectModels = item.SuspectModels.Length > 0 ? [.. item.SuspectModels.Select(m => models[m].Model)] : null,
            UnstableModels = [.. cells.Where(m => state.Cells[m]!.Unstable).Select(m => models[m].Model)],
            Results = [.. cells.Select(m =>
            {
                var cell = state.Cells[m]!;
                return new ItemInResult(models[m].Model, models[m].Result.Id, models[m].Result.Name, cell.RowIndex, cell.Correctness,
                    cell.Trials, cell.Solved);
            })],
        };
    }

    /// <summary>The keyset cursor: sort field, value, row index and digest, URL-safe base64.</summary>
    private static class Cursor
    {
        public static string Format(string field, SortKey key) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\n', field,
                    key.Value?.ToString("R", CultureInfo.InvariantCulture) ?? "", key.RowIndex.ToString(CultureInfo.InvariantCulture),
                    key.Digest)))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static SortKey? Parse(string cursor, string field)
        {
            string[] parts;
            try
            {
                var base64 = cursor.Replace('-', '+').Replace('_', '/');
                base64 += new string('=', (4 - base64.Length % 4) % 4);
                parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('\n');
            }
            catch (FormatException)
            {
                throw Bad(cursor);
            }
            if (parts.Length != 4 || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var row))
            {
                throw Bad(cursor);
            }
            if (parts[0] != field)
            {
                throw EvalstoreException.BadRequest($"'after' is a cursor of a page sorted by {parts[0]}, not {field}.");
            }
            double? value = parts[1].Length == 0 ? null
                : double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(cursor);
            return new SortKey(value, row, parts[3]);
        }

        private static EvalstoreException Bad(string cursor) =>
            EvalstoreException.BadRequest($"'after' must be the 'next' cursor of a previous page, found '{cursor}'.");
    }
}
