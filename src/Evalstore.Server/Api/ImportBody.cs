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
        return await ReadPartsAsync<RunSpec>(request, "spec", options, cancellationToken);
    }

    /// <summary>
    /// Reads a multipart body of a JSON part named <paramref name="jsonPart"/> (at most MaxJsonBytes) followed by a
    /// <c>rows</c> part, returned as a stream, never buffered.
    /// </summary>
    public static async Task<(T Json, Stream Rows)> ReadPartsAsync<T>(
        HttpRequest request, string jsonPart, ServerOptions options, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw EvalstoreException.BadRequest($"Send multipart/form-data: a '{jsonPart}' JSON part, then a 'rows' JSONL part.");
        }
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value
            ?? throw EvalstoreException.BadRequest("The multipart body has no boundary.");
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        var part = await NextSection(reader, jsonPart, cancellationToken);
        if (part.Body.CanSeek && part.Body.Length > options.MaxJsonBytes)
        {
            throw EvalstoreException.TooLarge($"The '{jsonPart}' part is larger than {options.MaxJsonBytes} bytes.");
        }
        T json;
        try
        {
            json = await System.Text.Json.JsonSerializer.DeserializeAsync<T>(part.Body, EvalstoreJson.Options, cancellationToken)
                ?? throw EvalstoreException.BadRequest($"The '{jsonPart}' part is null.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw EvalstoreException.BadRequest($"The '{jsonPart}' part is not valid: {e.Message}");
        }
        var rows = await NextSection(reader, "rows", cancellationToken);
        return (json, rows.Body);
    }

    private static async Task<MultipartSection> NextSection(MultipartReader reader, string name, CancellationToken cancellationToken)
    {
        var section = await reader.ReadNextSectionAsync(cancellationToken)
            ?? throw EvalstoreException.BadRequest($"The multipart body ends before its '{name}' part (a JSON part, then rows).");
        var disposition = section.GetContentDispositionHeader();
        if (disposition?.Name.Value?.Trim('"') != name)
        {
            throw EvalstoreException.BadRequest($"Expected the multipart part '{name}' here (a JSON part, then rows).");
        }
        return section;
    }
}
