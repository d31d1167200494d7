using System.Text;
using System.Text.RegularExpressions;

namespace Evalstore.Core.Tests.Filtering;

/// <summary>
/// A tiny interpreter for exactly the SQL that <c>FilterSql</c> emits, with SQL's three-valued logic (null = UNKNOWN).
/// The test project has no database driver, so this is how the NULL handling of the rendered SQL (COALESCE under NOT,
/// IS NULL in NOT IN) is executed rather than only compared as text. It models SQLite's ASCII-only LIKE case folding
/// and PostgreSQL's ILIKE, BINARY / "C" ordering of text, and instants for date-times.
/// </summary>
internal sealed partial class MiniSql
{
    private readonly List<string> _tokens;
    private readonly IReadOnlyDictionary<string, object> _parameters;
    private int _pos;

    private MiniSql(string sql, IReadOnlyDictionary<string, object> parameters)
    {
        _tokens = [.. Token().Matches(sql).Select(m => m.Value)];
        _parameters = parameters;
    }

    /// <summary>Compiles a WHERE expression into a row predicate; a row matches only when the expression is TRUE.</summary>
    public static Func<IReadOnlyDictionary<string, object?>, bool> Compile(string sql, IReadOnlyDictionary<string, object> parameters)
    {
        var parser = new MiniSql(sql, parameters);
        var expr = parser.Or();
        if (parser._pos != parser._tokens.Count)
        {
            throw new FormatException($"Unexpected '{parser._tokens[parser._pos]}' in {sql}");
        }
        return row => expr(row) is true;
    }

    private Func<IReadOnlyDictionary<string, object?>, object?> Or()
    {
        var left = And();
        while (Accept("OR"))
        {
            var (l, r) = (left, And());
            left = row => (l(row), r(row)) switch
            {
                (true, _) or (_, true) => true,
                (false, false) => false,
                _ => null,
            };
        }
        return left;
    }

    private Func<IReadOnlyDictionary<string, object?>, object?> And()
    {
        var left = Not();
        while (Accept("AND"))
        {
            var (l, r) = (left, Not());
            left = row => (l(row), r(row)) switch
            {
                (false, _) or (_, false) => false,
                (true, true) => true,
                _ => null,
            };
        }
        return left;
    }

    private Func<IReadOnlyDictionary<string, object?>, object?> Not()
    {
        if (Accept("NOT"))
        {
            var inner = Not();
            return row => inner(row) is bool b ? !b : null;
        }
        return Predicate();
    }

    private Func<IReadOnlyDictionary<string, object?>, object?> Predicate()
    {
        var left = Operand();
        if (Accept("IS"))
        {
            Expect("NULL");
            return row => left(row) is null;
        }
        var negated = Accept("NOT");
        if (Accept("IN"))
        {
            Expect("(");
            var items = new List<Func<IReadOnlyDictionary<string, object?>, object?>> { Operand() };
            while (Accept(","))
            {
                items.Add(Operand());
            }
            Expect(")");
            return row => left(row) is { } value ? items.Any(i => Compare(value, i(row)!) == 0) != negated : null;
        }
        if (Peek is "LIKE" or "ILIKE")
        {
            var unicode = Next() == "ILIKE";
            var pattern = Operand();
            Expect("ESCAPE");
            Expect(@"'\'");
            return row => left(row) is string value ? Like(value, (string)pattern(row)!, unicode) : null;
        }
        if (Peek is "=" or "<" or "<=" or ">" or ">=")
        {
            var op = Next();
            var right = Operand();
            if (Accept("COLLATE"))
            {
                Expect("\"C\""); // ordinal ordering, which Compare already uses
            }
            return row => (left(row), right(row)) switch
            {
                (null, _) or (_, null) => null,
                var (a, b) => op switch
                {
                    "=" => Compare(a, b) == 0,
                    "<" => Compare(a, b) < 0,
                    "<=" => Compare(a, b) <= 0,
                    ">" => Compare(a, b) > 0,
                    _ => Compare(a, b) >= 0,
                },
            };
        }
        return left;
    }

    private Func<IReadOnlyDictionary<string, object?>, object?> Operand()
    {
        var token = Next();
        if (token == "(")
        {
            var inner = Or();
            Expect(")");
            return inner;
        }
        if (token is "TRUE" or "FALSE")
        {
            var constant = token == "TRUE";
            return _ => constant;
        }
        if (token == "COALESCE")
        {
            Expect("(");
            var (first, _, second) = (Or(), Expect(","), Or());
            Expect(")");
            return row => first(row) ?? second(row);
        }
        if (token == "json_extract")
        {
            Expect("(");
            var column = Next();
            Expect(",");
            var path = Literal(Next());
            Expect(")");
            var key = JsonPath().Match(path).Groups[1].Value;
            return row => ((IReadOnlyDictionary<string, string>)row[column]!).GetValueOrDefault(key);
        }
        if (token.StartsWith('@'))
        {
            var value = _parameters[token];
            return _ => value;
        }
        if (Accept("->>"))
        {
            var key = Literal(Next());
            return row => ((IReadOnlyDictionary<string, string>)row[token]!).GetValueOrDefault(key);
        }
        return row => row[token];
    }

    private static int Compare(object a, object b) => (a, b) switch
    {
        (string x, string y) => CompareUtf8(x, y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        _ => throw new InvalidOperationException($"Cannot compare {a.GetType().Name} with {b.GetType().Name}."),
    };

    // Both SQLite's BINARY collation and PostgreSQL's "C" compare the UTF-8 bytes.
    private static int CompareUtf8(string x, string y) => Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));

    private static bool Like(string value, string pattern, bool unicodeCase)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            regex.Append(c switch
            {
                '\\' => Regex.Escape(pattern[++i].ToString()),
                '%' => ".*",
                '_' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }
        regex.Append('$');
        // SQLite folds only ASCII letters; ILIKE folds all letters.
        string Fold(string s)
            => unicodeCase ? s.ToUpperInvariant() : new string(s.Select(ch => char.IsAscii(ch) ? char.ToUpperInvariant(ch) : ch).ToArray());
        return Regex.IsMatch(Fold(value), Fold(regex.ToString()), RegexOptions.Singleline);
    }

    private static string Literal(string token) => token[1..^1].Replace("''", "'", StringComparison.Ordinal);

    private string Peek => _pos < _tokens.Count ? _tokens[_pos] : "";

    private string Next() => _pos < _tokens.Count ? _tokens[_pos++] : throw new FormatException("Unexpected end of SQL.");

    private bool Accept(string token)
    {
        if (Peek != token)
        {
            return false;
        }
        _pos++;
        return true;
    }

    private string Expect(string token) => Accept(token) ? token : throw new FormatException($"Expected {token}, found '{Peek}'.");

    [GeneratedRegex("""'(?:[^']|'')*'|"[^"]*"|->>|<=|>=|[=<>(),]|@\w+|[\w.]+""")]
    private static partial Regex Token();

    [GeneratedRegex("""^\$\."(.*)"$""")]
    private static partial Regex JsonPath();
}
