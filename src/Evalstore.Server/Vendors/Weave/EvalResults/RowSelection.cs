using Evalstore.Core;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// The first pass of a query, as Weave's grouped SQL does it: per row digest, how many of the requested runs have it,
/// the first non-null value of each field the filters and sorts read (per run scope), and running averages of the
/// score fields sorted by. Then filters, intersection and sort decide which digests are listed and summarized.
/// </summary>
internal sealed class RowSelection
{
    private const int AllRuns = -1;
    private const int NoRun = -2;
    private readonly IReadOnlyList<ResultInfo> _runs;
    private readonly List<(string Path, int Scope)> _slots = [];
    private readonly List<(string Path, int Scope)> _averages = [];
    private readonly List<(int Scope, QueryExpr Expr)> _filters = [];
    private readonly List<(Func<DigestState, QueryValue> Key, bool Descending)> _sorts = [];
    private readonly bool _allScopes;
    private readonly Dictionary<string, DigestState> _digests = new(StringComparer.Ordinal);

    public RowSelection(EvalResultsBody body, IReadOnlyList<ResultInfo> runs)
    {
        _runs = runs;
        _allScopes = body.FilterLogicOperator == "and";
        for (var i = 0; i < (body.Filters?.Count ?? 0); i++)
        {
            var filter = body.Filters![i];
            var scope = ScopeOf(filter.EvaluationCallId);
            var parser = new QueryParser(path => Register(_slots, path, scope), ["body", "filters", i, "query"]);
            _filters.Add((scope, parser.ParseQuery(filter.Query)));
        }
        foreach (var sort in body.SortBy ?? [])
        {
            _sorts.Add((KeyOf(sort), sort.Direction == "desc"));
        }
    }

    /// <summary>True when the digests must be known before rows or summary can be chosen.</summary>
    public bool IsNeeded(EvalResultsBody body, bool summaryIntersection) =>
        body.IncludeRows || (body.IncludeSummary && (_filters.Count > 0 || (summaryIntersection && _runs.Count > 1)));

    public void Add(WeaveTrial trial, int run)
    {
        if (!_digests.TryGetValue(trial.Digest, out var state))
        {
            state = new DigestState(_slots.Count, _averages.Count, _runs.Count);
            _digests.Add(trial.Digest, state);
        }
        if (state.LastRun != run)
        {
            state.Runs++;
            state.LastRun = run;
        }
        // Where the digest's trials are, so the page can be read by row instead of by scanning: one row index per run,
        // unless the digest is spread over several rows or pending predictions.
        if (trial.RowIndex is not { } row || (state.Rows[run] >= 0 && state.Rows[run] != row))
        {
            state.Scattered = true;
        }
        else
        {
            state.Rows[run] = row;
        }
        for (var i = 0; i < _slots.Count; i++)
        {
            if (state.Values[i].IsNull && InScope(_slots[i].Scope, run))
            {
                state.Values[i] = TrialFields.Read(trial, _slots[i].Path);
            }
        }
        for (var i = 0; i < _averages.Count; i++)
        {
            if (InScope(_averages[i].Scope, run) && TrialFields.Read(trial, _averages[i].Path).AsNumber() is { } number)
            {
                state.Sums[i] += number;
                state.Counts[i]++;
            }
        }
    }

    /// <summary>The digests that pass filters (and intersection when asked), sorted: sort keys, then digest ascending.</summary>
    public List<string> Select(bool requireIntersection)
    {
        var selected = _digests.Where(d => Passes(d.Value, requireIntersection)).ToList();
        selected.Sort((x, y) => CompareRows(x, y));
        return [.. selected.Select(d => d.Key)];
    }

    /// <summary>The one row index holding all of a digest's trials in a run (-1 when the run lacks it); null when scattered.</summary>
    public long? RowOf(string digest, int run) =>
        _digests.TryGetValue(digest, out var state) && !state.Scattered ? state.Rows[run] : null;

    /// <summary>Whether a digest passes filters (and intersection when asked).</summary>
    public bool Passes(string digest, bool requireIntersection) =>
        _digests.TryGetValue(digest, out var state) && Passes(state, requireIntersection);

    private bool Passes(DigestState state, bool requireIntersection)
    {
        if (requireIntersection && _runs.Count > 1 && state.Runs < _runs.Count)
        {
            return false;
        }
        // Unscoped filters must all hold; filters scoped to runs combine per run, across runs by filter_logic_operator.
        if (!_filters.Where(f => f.Scope == AllRuns).All(f => f.Expr.Evaluate(state.Values).IsTrue))
        {
            return false;
        }
        var perRun = _filters.Where(f => f.Scope != AllRuns).GroupBy(f => f.Scope).Select(
            g => g.All(f => f.Expr.Evaluate(state.Values).IsTrue)).ToList();
        return perRun.Count == 0 || (_allScopes ? perRun.All(p => p) : perRun.Any(p => p));
    }

    private int CompareRows(KeyValuePair<string, DigestState> x, KeyValuePair<string, DigestState> y)
    {
        foreach (var (key, descending) in _sorts)
        {
            var (a, b) = (key(x.Value), key(y.Value));
            var order = a.IsNull || b.IsNull ? a.IsNull.CompareTo(b.IsNull) : QueryValue.SortOrder(a, b) * (descending ? -1 : 1);
            if (order != 0)
            {
                return order;
            }
        }
        return string.CompareOrdinal(x.Key, y.Key);
    }

    /// <summary>
    /// Score fields sort by their mean over the trials in scope (booleans as 1/0); in <c>difference</c> mode by the
    /// spread (max − min) of the per-run means, null when a run lacks the score. Other fields sort by their first value.
    /// </summary>
    private Func<DigestState, QueryValue> KeyOf(EvalResultsSortBy sort)
    {
        var path = TrialFields.Check(sort.Field);
        if (!TrialFields.IsScore(path))
        {
            if (sort.Mode == "difference")
            {
                throw EvalstoreException.BadRequest($"mode='difference' only supports numeric fields (scores.*), got '{sort.Field}'.");
            }
            var slot = Register(_slots, path, ScopeOf(sort.EvaluationCallId));
            return state => state.Values[slot];
        }
        if (sort.Mode == "difference" && _runs.Count > 1)
        {
            var perRun = Enumerable.Range(0, _runs.Count).Select(run => Register(_averages, path, run)).ToList();
            return state => perRun.All(i => state.Counts[i] > 0)
                ? QueryValue.Of(perRun.Max(i => state.Sums[i] / state.Counts[i]) - perRun.Min(i => state.Sums[i] / state.Counts[i]))
                : QueryValue.Null;
        }
        var average = Register(_averages, path, ScopeOf(sort.EvaluationCallId));
        return state => state.Counts[average] > 0 ? QueryValue.Of(state.Sums[average] / state.Counts[average]) : QueryValue.Null;
    }

    private int ScopeOf(string? evaluationCallId)
    {
        if (evaluationCallId is null)
        {
            return AllRuns;
        }
        var index = Guid.TryParse(evaluationCallId, out var id) ? _runs.ToList().FindIndex(r => r.Id == id) : -1;
        return index >= 0 ? index : NoRun;
    }

    private static bool InScope(int scope, int run) => scope == AllRuns || scope == run;

    private static int Register(List<(string Path, int Scope)> list, string path, int scope)
    {
        var index = list.IndexOf((path, scope));
        if (index < 0)
        {
            list.Add((path, scope));
            index = list.Count - 1;
        }
        return index;
    }

    private sealed class DigestState(int slots, int averages, int runs)
    {
        public int Runs;
        public int LastRun = -1;
        public bool Scattered;
        public readonly long[] Rows = [.. Enumerable.Repeat(-1L, runs)];
        public readonly QueryValue[] Values = [.. Enumerable.Repeat(QueryValue.Null, slots)];
        public readonly double[] Sums = new double[averages];
        public readonly long[] Counts = new long[averages];
    }
}
