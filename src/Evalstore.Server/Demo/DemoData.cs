using Evalstore.Server.Storage;

namespace Evalstore.Server.Demo;

/// <summary>Placeholder: example results are added in the demo commit.</summary>
internal static class DemoData
{
    public static Task LoadIfEmptyAsync(IServerStore store, CancellationToken cancellationToken) => Task.CompletedTask;
}
