using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Evalstore.Cli.Commands;

/// <summary>
/// Finds options the command does not have. System.CommandLine hands a token such as <c>--nmae</c> to a command's
/// file arguments when they take any number of values, so <c>import --nmae x rows.jsonl</c> would look for a file
/// named "--nmae"; an unknown option must be reported as one, with the closest known option.
/// </summary>
internal static class UnknownOptions
{
    public static IReadOnlyList<(string Token, string Message)> Find(ParseResult parse, IReadOnlyList<string> args)
    {
        var command = parse.CommandResult.Command;
        var suspects = parse.UnmatchedTokens.ToList();
        // After "--" every token is an argument, however it looks.
        if (!args.Contains("--"))
        {
            suspects.AddRange(parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value));
        }
        var known = KnownOptions(command).ToList();
        return suspects
            .Where(LooksLikeOption)
            .Distinct(StringComparer.Ordinal)
            .Select(token => (token, $"unknown option '{token}' for '{CommandPath(command)}'.{Suggestions.DidYouMean(token, known)}"))
            .ToList();
    }

    /// <summary>"evalstore results list".</summary>
    public static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "evalstore" : c.Name);
        }
        return string.Join(' ', names);
    }

    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && token != "--"
        && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static IEnumerable<string> KnownOptions(Command command)
    {
        var own = true;
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault(), own = false)
        {
            foreach (var option in c.Options.Where(o => (own || o.Recursive) && !o.Hidden))
            {
                yield return option.Name;
                foreach (var alias in option.Aliases.Where(a => a.StartsWith("--", StringComparison.Ordinal)))
                {
                    yield return alias;
                }
            }
        }
    }
}
