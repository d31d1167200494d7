using System.CommandLine;
using Evalstore.Core;

namespace Evalstore.Cli.Commands;

/// <summary>
/// What the CLI says when a store or the server refuses: the problem's own detail, without HTTP words ("Bad request:"),
/// and for a missing or refused key, the two ways the CLI takes one.
/// </summary>
internal static class Messages
{
    public static string Of(EvalstoreException problem, ParseResult parse)
    {
        var detail = string.IsNullOrWhiteSpace(problem.Detail) ? problem.Title : problem.Detail;
        // A server without keys refuses remote clients whatever they send; its own sentence says so.
        // A copy names which of its two servers refused, and its own key options (ServerTransfer).
        if (problem.Status != 401 || detail.Contains("loopback", StringComparison.Ordinal) || parse.CommandResult.Command.Name == "copy")
        {
            return detail;
        }
        var keyGiven = parse.GetValue(GlobalOptions.ApiKey) is { Length: > 0 }
            || Environment.GetEnvironmentVariable("EVALSTORE_API_KEY") is { Length: > 0 };
        return keyGiven
            ? "The server refused the API key (from --api-key or EVALSTORE_API_KEY): it is unknown or revoked."
            : "The server needs an API key: pass --api-key KEY or set EVALSTORE_API_KEY " +
              "(an admin creates one with 'evalstore keys create').";
    }
}
