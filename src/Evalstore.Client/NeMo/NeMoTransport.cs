using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text;
using Evalstore.Client.Http;
using Evalstore.Core.Ingest;
using Evalstore.Core.Json;
using Evalstore.Core;

namespace Evalstore.Client.NeMo;

/// <summary>
/// The HTTP side of the NeMo facade: it shares the <see cref="EvalstoreClient"/>'s connection and key, resolves the
/// workspace (explicit, else the client's <see cref="EvalstoreClient.Workspace"/>, else the key's own) and raises
/// <see cref="EvalstoreException"/> for every error response.
/// </summary>
internal sealed class NeMoTransport(HttpClient http, string? workspace)
{
    private string? _keyWorkspace;

    public async Task<string> PathAsync(string? callWorkspace, string relative, CancellationToken cancellationToken)
    {
        var resolved = callWorkspace ?? workspace ?? await KeyWorkspaceAsync(cancellationToken);
        return $"apis/evaluation/v2/workspaces/{Uri.EscapeDataString(resolved)}/{relative}";
    }

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ProblemReader.EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(EvalstoreJson.Options, cancellationToken)
            ?? throw new EvalstoreException(502, "Bad gateway", $"The server answered {path} with an empty body.");
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync(path, cancellationToken);
        await ProblemReader.EnsureSuccessAsync(response, cancellationToken);
    }

    public async IAsyncEnumerable<T> GetLinesAsync<T>(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ProblemReader.EnsureSuccessAsync(response, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var (line, _) in JsonlReader.ReadLinesAsync(stream, int.MaxValue / 2, cancellationToken))
        {
            yield return JsonSerializer.Deserialize<T>(line.Span, EvalstoreJson.Options)
                ?? throw new EvalstoreException(502, "Bad gateway", $"A line of {path} was null.");
        }
    }

    /// <summary>A query string from name/value pairs, leaving out nulls.</summary>
    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in parameters.Where(p => p.Value is not null))
        {
            text.Append(text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value!));
        }
        return text.ToString();
    }

    /// <summary>A filter as NeMo takes it: a string is sent as written (JSON or text syntax), anything else as its JSON.</summary>
    public static string? FilterText(object? filter) => filter switch
    {
        null => null,
        string text => text,
        _ => JsonSerializer.Serialize(filter),
    };

    private async Task<string> KeyWorkspaceAsync(CancellationToken cancellationToken)
    {
        if (_keyWorkspace is null)
        {
            var whoAmI = await GetAsync<WhoAmI>("api/v1/whoami", cancellationToken);
            _keyWorkspace = whoAmI.Workspace;
        }
        return _keyWorkspace;
    }

    private sealed record WhoAmI(string Workspace);
}
