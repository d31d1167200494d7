using Evalstore.Core;

namespace Evalstore.Cli.Commands;

/// <summary>Process exit codes: scripts and CI branch on these.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>A gate's requirements were not met.</summary>
    public const int GateFailed = 1;
    /// <summary>Bad arguments or bad data.</summary>
    public const int UsageError = 2;
    public const int NotFound = 3;
    public const int Conflict = 4;
    /// <summary>Missing, unknown or insufficient API key.</summary>
    public const int AccessDenied = 5;
    /// <summary>The server could not be reached or failed.</summary>
    public const int Unavailable = 6;
    /// <summary>A bug: please report it.</summary>
    public const int InternalError = 70;

    public static int For(EvalstoreException problem) => problem.Status switch
    {
        404 => NotFound,
        409 => Conflict,
        401 or 403 => AccessDenied,
        >= 500 => Unavailable,
        _ => UsageError,
    };
}
