using System.Runtime.CompilerServices;
using Evalstore.Client;
using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Cli.Commands;

/// <summary>
/// A server seen as one store for <see cref="Server.Storage.Transfer.StoreCopier"/>, through its admin transfer endpoints
/// and the SDK. Keys belong to one workspace each, so the server is reached with one admin key per workspace (or without a
/// key on a keyless loopback server, which shows every workspace). A target workspace without a key of its own is reached
/// with the source's key of that workspace once the copied keys are there (or already were, on a rerun).
/// </summary>
internal sealed class ServerTransfer : IStoreTransfer
{
    private readonly string _role;
    private readonly Uri _url;
    private readonly EvalstoreClient _anonymous;
    private readonly Dictionary<string, EvalstoreClient> _clients = new(StringComparer.Ordinal);
    // Target workspaces reached without a key until their keys are copied, then with this key of the source's.
    private readonly Dictionary<string, string> _afterKeys = new(StringComparer.Ordinal);
    private readonly List<EvalstoreClient> _owned = [];
    private IReadOnlyList<string> _workspaces = [];

    private ServerTransfer(string role, Uri url)
    {
        (_role, _url) = (role, url);
        _anonymous = Own(new EvalstoreClient(url));
    }

    /// <summary>The admin key of each source workspace, so the target can use it once the keys are copied.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; private set; } = new Dictionary<string, string>();

    /// <summary>"server URL".</summary>
    public override string ToString() => $"server {_url}";

    /// <summary>Opens the source: each key's workspace, or every workspace when no key is given.</summary>
    public static async Task<ServerTransfer> OpenSourceAsync(Uri url, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var server = new ServerTransfer("source", url);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            server._workspaces = await server.Call(() => server._anonymous.ListTransferWorkspacesAsync(cancellationToken));
            foreach (var workspace in server._workspaces)
            {
                server._clients[workspace] = server._anonymous;
            }
            return server;
        }
        foreach (var key in keys)
        {
            var workspace = await server.WorkspaceOfAsync(key, cancellationToken);
            server._clients[workspace] = server.Own(new EvalstoreClient(url, key));
            secrets[workspace] = key;
        }
        server._workspaces = [.. server._clients.Keys.Order(StringComparer.Ordinal)];
        server.Secrets = secrets;
        return server;
    }

    /// <summary>
    /// Opens the target for the source's workspaces: a workspace is reached with its own admin key in
    /// <paramref name="keys"/>, else with the source server's key of it, else without a key.
    /// </summary>
    public static async Task<ServerTransfer> OpenTargetAsync(Uri url, IReadOnlyList<string> keys, IStoreTransfer source,
        CancellationToken cancellationToken)
    {
        var workspaces = await source.ListWorkspacesAsync(cancellationToken);
        var secrets = (source as ServerTransfer)?.Secrets ?? new Dictionary<string, string>();
        var server = new ServerTransfer("target", url);
        foreach (var key in keys)
        {
            server._clients[await server.WorkspaceOfAsync(key, cancellationToken)] = server.Own(new EvalstoreClient(url, key));
        }
        if (keys.Count == 0 && secrets.Count == 0)
        {
            // Keyless both ends: fail now, with the reason, if the target wants a key or is not there.
            await server.Call(() => server._anonymous.ListTransferWorkspacesAsync(cancellationToken));
        }
        foreach (var workspace in workspaces.Where(w => !server._clients.ContainsKey(w)))
        {
            server._clients[workspace] = server._anonymous;
            if (secrets.TryGetValue(workspace, out var secret))
            {
                var client = server.Own(new EvalstoreClient(url, secret));
                try
                {
                    await server.Call(() => client.ListTransferWorkspacesAsync(cancellationToken));
                    server._clients[workspace] = client; // copied by an earlier run
                }
                catch (EvalstoreException e) when (e.Status == 401)
                {
                    server._afterKeys[workspace] = secret;
                }
            }
        }
        server._workspaces = workspaces;
        return server;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_workspaces);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredApiKey>> ReadKeysAsync(CancellationToken cancellationToken = default)
    {
        var keys = new Dictionary<string, StoredApiKey>(StringComparer.Ordinal);
        foreach (var client in _clients.Values.Distinct())
        {
            foreach (var key in await Call(() => client.ReadTransferKeysAsync(cancellationToken)))
            {
                if (_clients.ContainsKey(key.Workspace))
                {
                    keys[key.Id] = key;
                }
            }
        }
        return [.. keys.Values.OrderBy(k => k.Id, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<int> PutKeysAsync(IReadOnlyList<StoredApiKey> keys, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        // One request per client: a keyless target takes every keyless workspace's keys at once, before it has any key.
        foreach (var group in keys.GroupBy(k => ClientFor(k.Workspace)))
        {
            changed += await Call(() => group.Key.PutTransferKeysAsync([.. group], cancellationToken));
        }
        foreach (var (workspace, secret) in _afterKeys)
        {
            _clients[workspace] = Own(new EvalstoreClient(_url, secret));
        }
        _afterKeys.Clear();
        return changed;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ResultDocument> ListDocumentsAsync(string workspace, Guid resultId, string keyPrefix,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var client = ClientFor(workspace);
        foreach (var document in await Call(() => client.ReadTransferDocumentsAsync(workspace, resultId, cancellationToken)))
        {
            if (document.Key.StartsWith(keyPrefix, StringComparison.Ordinal))
            {
                yield return new ResultDocument(document.Key, System.Text.Encoding.UTF8.GetBytes(document.Json));
            }
        }
    }

    /// <inheritdoc />
    public Task<ResultInfo> PutResultAsync(ResultInfo original, IAsyncEnumerable<IngestRow> rows, IReadOnlyList<ResultDocument> documents,
        CancellationToken cancellationToken = default) =>
        Call(() => ClientFor(original.Workspace).PutTransferResultAsync(original, rows,
            [.. documents.Select(d => new TransferDocument(d.Key, System.Text.Encoding.UTF8.GetString(d.Json.Span)))], cancellationToken));

    public Task<ResultInfo?> GetResultAsync(string workspace, string idOrName, CancellationToken cancellationToken = default) =>
        Call(() => ClientFor(workspace).GetResultAsync(workspace, idOrName, cancellationToken));

    public Task<ResultPage> ListResultsAsync(string workspace, ResultQuery query, CancellationToken cancellationToken = default) =>
        Call(() => ClientFor(workspace).ListResultsAsync(workspace, query, cancellationToken));

    public Task<bool> DeleteResultAsync(string workspace, Guid resultId, CancellationToken cancellationToken = default) =>
        Call(() => ClientFor(workspace).DeleteResultAsync(workspace, resultId, cancellationToken));

    public IAsyncEnumerable<RowRecord> ReadRowsAsync(string workspace, Guid resultId, RowQuery query,
        CancellationToken cancellationToken = default) => ClientFor(workspace).ReadRowsAsync(workspace, resultId, query, cancellationToken);

    public Task<ResultInfo> CreateResultAsync(string workspace, RunSpec spec, CancellationToken cancellationToken = default) =>
        ClientFor(workspace).CreateResultAsync(workspace, spec, cancellationToken);

    public Task<AppendOutcome> AppendRowsAsync(string workspace, Guid resultId, IAsyncEnumerable<IngestRow> rows,
        string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ClientFor(workspace).AppendRowsAsync(workspace, resultId, rows, idempotencyKey, cancellationToken);

    public Task<ResultInfo> CompleteResultAsync(string workspace, Guid resultId, CancellationToken cancellationToken = default) =>
        ClientFor(workspace).CompleteResultAsync(workspace, resultId, cancellationToken);

    public Task<ResultInfo> FailResultAsync(string workspace, Guid resultId, string errorDescription,
        CancellationToken cancellationToken = default) =>
        ClientFor(workspace).FailResultAsync(workspace, resultId, errorDescription, cancellationToken);

    public Task<ResultInfo> ImportResultAsync(string workspace, RunSpec spec, IAsyncEnumerable<IngestRow> rows,
        CancellationToken cancellationToken = default) => ClientFor(workspace).ImportResultAsync(workspace, spec, rows, cancellationToken);

    public Task<IReadOnlyList<ResultInfo>> ImportResultsAsync(string workspace, IAsyncEnumerable<ResultImport> imports,
        CancellationToken cancellationToken = default) => ClientFor(workspace).ImportResultsAsync(workspace, imports, cancellationToken);

    public Task<CreatedApiKey> CreateKeyAsync(string workspace, KeyRole role, string? description = null,
        CancellationToken cancellationToken = default) =>
        ClientFor(workspace).CreateKeyAsync(workspace, role, description, cancellationToken);

    public Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(string? workspace, CancellationToken cancellationToken = default) =>
        ClientFor(workspace ?? throw new ArgumentNullException(nameof(workspace))).ListKeysAsync(workspace, cancellationToken);

    public Task<bool> RevokeKeyAsync(string workspace, string keyId, CancellationToken cancellationToken = default) =>
        ClientFor(workspace).RevokeKeyAsync(workspace, keyId, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _owned)
        {
            await client.DisposeAsync();
        }
    }

    private EvalstoreClient ClientFor(string workspace) => _clients.TryGetValue(workspace, out var client) ? client
        : throw EvalstoreException.NotFound($"Workspace '{workspace}' is not one the {_role} server was opened for.");

    private async Task<string> WorkspaceOfAsync(string key, CancellationToken cancellationToken)
    {
        await using var client = new EvalstoreClient(_url, key);
        var workspaces = await Call(() => client.ListTransferWorkspacesAsync(cancellationToken));
        return workspaces.Single();
    }

    private EvalstoreClient Own(EvalstoreClient client)
    {
        _owned.Add(client);
        return client;
    }

    /// <summary>Says which server failed: the source and the target answer the same kinds of errors.</summary>
    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (EvalstoreException e)
        {
            var hint = e.Status == 401
                ? $" Give an admin key of each workspace with --{(_role == "source" ? "from" : "to")}-api-key."
                : "";
            throw new EvalstoreException(e.Status, e.Title, $"The {_role} server {_url}: {e.Detail}{hint}", e);
        }
        catch (HttpRequestException e)
        {
            throw new HttpRequestException($"the {_role} server {_url}: {e.Message}", e, e.StatusCode);
        }
    }
}
