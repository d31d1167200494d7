namespace Evalstore.Core;

/// <summary>
/// The one exception for expected failures, carrying an RFC 9457 problem: the server maps it to a problem-details
/// response, the SDK raises it from one, and the CLI turns it into an exit code.
/// </summary>
public sealed class EvalstoreException : Exception
{
    /// <summary>Creates a problem with an HTTP status, a short title and a specific detail.</summary>
    public EvalstoreException(int status, string title, string detail, Exception? inner = null) : base(detail, inner)
    {
        Status = status;
        Title = title;
    }

    /// <summary>HTTP status code of the problem.</summary>
    public int Status { get; }

    /// <summary>Short, status-level summary.</summary>
    public string Title { get; }

    /// <summary>What exactly went wrong (same as <see cref="Exception.Message"/>).</summary>
    public string Detail => Message;

    /// <summary>Extra members for the problem document (e.g. <c>line</c>).</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    /// <summary>400: the input is malformed.</summary>
    public static EvalstoreException BadRequest(string detail) => new(400, "Bad request", detail);

    /// <summary>404: no such thing in this workspace.</summary>
    public static EvalstoreException NotFound(string detail) => new(404, "Not found", detail);

    /// <summary>409: the request conflicts with the current state (duplicate name, append after completion).</summary>
    public static EvalstoreException Conflict(string detail) => new(409, "Conflict", detail);

    /// <summary>413: too large.</summary>
    public static EvalstoreException TooLarge(string detail) => new(413, "Content too large", detail);

    /// <summary>401: no valid credentials.</summary>
    public static EvalstoreException Unauthorized(string detail) => new(401, "Unauthorized", detail);

    /// <summary>403: the key's role does not allow this.</summary>
    public static EvalstoreException Forbidden(string detail) => new(403, "Forbidden", detail);

    /// <summary>Adds an extension member and returns the exception, for fluent throwing.</summary>
    public EvalstoreException With(string key, object? value)
    {
        Extensions[key] = value;
        return this;
    }
}
