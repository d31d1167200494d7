using Evalstore.Core;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Evalstore.Server.Api;

/// <summary>
/// The two ways a one-shot import arrives: a JSONL body with the run metadata in the query string (curl-friendly),
/// or multipart/form-data with a <c>spec</c> part (a JSON run spec of any size) followed by a <c>rows</c> part that is
/// streamed, never buffered.
/// </summary>
internal static class ImportBody
{
    public static async Task<(RunSpec Spec, Stream Rows)> ReadAsync(
        HttpRequest request, ServerOptions options, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (ImportQuery.Read(request), request.Body);
        }
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value
            ?? throw EvalstoreException.BadRequest("The multipart body has no boundary.");
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        var spec = await NextSection(reader, "spec", cancellationToken);
        if (spec.Body.CanSeek && spec.Body.Length > options.MaxJsonBytes)
        {
            throw EvalstoreException.TooLarge($"The 'spec' part is larger than {options.MaxJsonBytes} bytes.");
        }
        RunSpec runSpec;
        try
        {
            runSpec = await System.Text.Json.JsonSerializer.DeserializeAsync<RunSpec>(spec.Body, EvalstoreJson.Options, cancellationToken)
                ?? throw EvalstoreException.BadRequest("The 'spec' part is null.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw EvalstoreException.BadRequest($"The 'spec' part is not a valid run spec: {e.Message}");
        }
        var rows = await NextSection(reader, "rows", cancellationToken);
        return (runSpec, rows.Body);
    }

    private static async Task<MultipartSection> NextSection(MultipartReader reader, string name, CancellationToken cancellationToken)
    {
        var section = await reader.ReadNextSectionAsync(cancellationToken)
            ?? throw EvalstoreException.BadRequest($"The multipart body ends before its '{name}' part (parts: spec, then rows).");
        var disposition = section.GetContentDispositionHeader();
        if (disposition?.Name.Value?.Trim('"') != name)
        {
            throw EvalstoreException.BadRequest($"Expected the multipart part '{name}' here (parts: spec, then rows).");
        }
        return section;
    }
}
