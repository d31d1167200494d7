using Evalstore.Core.Aggregation;
using Evalstore.Core.Ingest;

namespace Evalstore.Server.Storage.Columns;

/// <summary>
/// The score keys of the result being written, as an ingest meets them: a new (metric, name) gets the next id, a known
/// one widens its value kinds. Both row writers keep their keys here and record new and widened ones their own way.
/// </summary>
internal sealed class ScoreKeyRegistry
{
    private readonly Dictionary<(string Metric, string Name), ScoreKey> _keys = [];

    /// <summary>Ids of known keys whose kinds widened since the writer last saved them.</summary>
    public HashSet<int> ChangedKinds { get; } = [];

    /// <summary>Adds a key the result already has (read back before an append).</summary>
    public void Load(ScoreKey key) => _keys[(key.Metric, key.Name)] = key;

    /// <summary>The key with this id as it stands now.</summary>
    public ScoreKey Current(int id) => _keys.Values.First(k => k.Id == id);

    /// <summary>The key of this entry's score; <paramref name="isNew"/> when this ingest meets the score first.</summary>
    public ScoreKey For(RowScoreEntry entry, out bool isNew)
    {
        var bit = ScoreKey.Bit(entry.Value.Kind);
        isNew = false;
        if (_keys.TryGetValue((entry.Metric, entry.Name), out var key))
        {
            if ((key.Kinds & bit) == 0)
            {
                key = key with { Kinds = key.Kinds | bit };
                _keys[(entry.Metric, entry.Name)] = key;
                ChangedKinds.Add(key.Id);
            }
            return key;
        }
        isNew = true;
        key = new ScoreKey(_keys.Count + 1, entry.Metric, entry.Name, bit);
        _keys[(entry.Metric, entry.Name)] = key;
        return key;
    }
}
