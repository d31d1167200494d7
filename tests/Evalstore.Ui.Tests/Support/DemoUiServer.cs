using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Ui.Tests.Support;

/// <summary>
/// A server started as <c>evalstore serve --demo</c> starts (the demo results a newcomer sees), plus one result with a
/// long snake_case name, as harnesses name their runs.
/// </summary>
public sealed class DemoUiServer : IAsyncLifetime
{
    public const string LongName = "nightly_regression_suite_gpt_4o_mini_temperature_0_7_seed_1234";

    private TestServer? _server;

    public TestServer Server => _server ?? throw new InvalidOperationException("not started");

    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>The completed demo results of the most common dataset, newest first.</summary>
    public IReadOnlyList<ResultInfo> SameDataset { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(configure: o => o with { RequestsPerSecond = 0, Demo = true });
        var completed = (await _server.Store.ListResultsAsync("default", new ResultQuery { PageSize = 100 })).Data
            .Where(r => r.Status == ResultStatus.Completed && r.Dataset is not null).ToList();
        SameDataset = completed.GroupBy(r => r.Dataset).OrderByDescending(g => g.Count()).First().ToList();
        await _server.Store.ImportResultAsync("default", new RunSpec { Name = LongName, Model = "openai/gpt-4o-mini", Dataset = "nightly" },
            Rows.Parse([Rows.Synthetic(0, 0.5, true), Rows.Synthetic(1, 0.7, true)]));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
