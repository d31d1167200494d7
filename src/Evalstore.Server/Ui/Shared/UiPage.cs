using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Security;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Components;

namespace Evalstore.Server.Ui.Shared;

/// <summary>
/// Base of every page: the request, the store, and the caller's workspace (its key's workspace, else <c>default</c>).
/// Pages read only through <see cref="IServerStore"/> and analyse only through <see cref="IEvalAnalysis"/>.
/// </summary>
public abstract class UiPage : ComponentBase
{
    /// <summary>The request being rendered (static server rendering always has one).</summary>
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    /// <summary>The store the server serves.</summary>
    [Inject]
    public IServerStore Store { get; set; } = default!;

    /// <summary>Compare and leaderboard over that store.</summary>
    [Inject]
    public IEvalAnalysis Analysis { get; set; } = default!;

    /// <summary>Redirects (static rendering turns navigation into a redirect).</summary>
    [Inject]
    public NavigationManager Navigation { get; set; } = default!;

    /// <summary>
    /// Loads what the page shows. Runs before the component lifecycle starts, so that a page renders once, with its
    /// data: ComponentBase renders as soon as <c>OnInitializedAsync</c> first yields, which on a store whose reads truly
    /// complete later (PostgreSQL) would render the page before its data is there.
    /// </summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public override async Task SetParametersAsync(ParameterView parameters)
    {
        parameters.SetParameterProperties(this);
        await LoadAsync();
        await base.SetParametersAsync(ParameterView.Empty);
    }

    /// <summary>The request, or an error if rendered outside one.</summary>
    protected HttpContext Http => HttpContext ?? throw new InvalidOperationException("Evalstore pages render on the server only.");

    /// <summary>The workspace every page shows.</summary>
    protected string Workspace => Http.Caller().DefaultWorkspace;

    /// <summary>Cancelled when the browser goes away.</summary>
    protected CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The key the caller signed in with, if any.</summary>
    internal ApiKeyInfo? SignedInKey => Http.Caller().Key;

    /// <summary>Throws (403 page) unless the caller may act on the workspace with this role.</summary>
    protected void Demand(KeyRole role) => Http.Caller().Demand(Workspace, role);

    /// <summary>The result by id or name, or a 404 page.</summary>
    protected async Task<ResultInfo> RequireResultAsync(string idOrName) =>
        await Store.GetResultAsync(Workspace, idOrName, Aborted)
        ?? throw EvalstoreException.NotFound($"There is no result '{idOrName}' in workspace '{Workspace}'.");

    /// <summary>
    /// Sets the status of a page that explains its own error (a 400 for a malformed filter). Not for 404: static
    /// rendering leaves a 404's body to status code pages, so throw <see cref="EvalstoreException.NotFound"/> instead.
    /// </summary>
    protected void SetStatus(int status)
    {
        if (!Http.Response.HasStarted)
        {
            Http.Response.StatusCode = status;
        }
    }
}
