using Evalstore.Core.Model;
using Evalstore.Formats.Importing;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Formats.Tests.Support;

/// <summary>A fresh SQLite file per test class instance, and helpers to import corpus files into it.</summary>
public abstract class StoreTests : IAsyncLifetime
{
    protected const string Ws = "default";

    private readonly TempDirectory _directory = new();

    protected SqliteStore Store { get; private set; } = null!;

    protected string TempPath(string name) => _directory.File(name);

    public async ValueTask InitializeAsync() => Store = await SqliteStore.OpenAsync(_directory.File("store.db"));

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _directory.Dispose();
    }

    protected Task<ImportReport> ImportAsync(string relative, ImportOptions? options = null) =>
        ImportPathsAsync([Corpus.File(relative)], options);

    protected Task<ImportReport> ImportPathsAsync(IReadOnlyList<string> paths, ImportOptions? options = null) =>
        new FormatImporter(Store, Ws).ImportAsync(paths, options ?? new ImportOptions());

    protected static ScoreAggregate Score(ResultInfo result, string metric, string? name = null) =>
        result.Scores.Single(s => s.Metric == metric && s.Name == (name ?? metric));

    protected async Task<List<RowRecord>> RowsAsync(ResultInfo result, RowQuery? query = null)
    {
        var rows = new List<RowRecord>();
        await foreach (var row in Store.ReadRowsAsync(Ws, result.Id, query ?? new RowQuery()))
        {
            rows.Add(row);
        }
        return rows;
    }
}
