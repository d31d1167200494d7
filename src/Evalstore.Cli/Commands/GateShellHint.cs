using Evalstore.Core;

namespace Evalstore.Cli.Commands;

/// <summary>
/// Unquoted, <c>--require exact-match.mean&gt;=0.8</c> is a shell redirect: the gate sees <c>exact-match.mean</c> and the
/// shell creates a file named <c>=0.8</c>. When a requirement has no operator and such a file is here, say so.
/// </summary>
internal static class GateShellHint
{
    private static readonly char[] s_operators = ['<', '>', '=', '!'];

    public static void ThrowIfShellAteOperator(IEnumerable<string> requirements, string directory)
    {
        foreach (var requirement in requirements)
        {
            if (requirement.IndexOfAny(s_operators) >= 0)
            {
                continue;
            }
            var eaten = Directory.EnumerateFiles(directory, "=*").Select(Path.GetFileName)
                .OrderBy(n => n, StringComparer.Ordinal).FirstOrDefault();
            if (eaten is not null)
            {
                throw EvalstoreException.BadRequest(
                    $"Requirement '{requirement}' has no comparison operator, and a file named '{eaten}' appeared here: " +
                    $"did your shell eat `>=`? quote the requirement: --require '{requirement}>{eaten}' (then delete the file '{eaten}').");
            }
        }
    }
}
