using System.Text;

namespace Evalstore.Core.Filtering;

/// <summary>
/// Recursive-descent parser of NeMo's text syntax: <c>status:"active" AND (name~llama OR -model IN ["a","b"])</c>.
/// Precedence, tightest first: a leading <c>-</c> or <c>NOT</c>, then <c>AND</c>, then <c>OR</c>. Keywords are
/// case-insensitive. Values are quoted (<c>"…"</c> or <c>'…'</c>, backslash escapes the next character) or bare;
/// a bare value runs to the next space, parenthesis, bracket or comma, so <c>2025-01-01T00:00:00</c> needs no quotes.
/// </summary>
/// <remarks>
/// The scanner is driven by the parser rather than tokenising up front, because the same character means different
/// things in different places: <c>:</c> is the equality operator after a field but part of a bare time value after it.
/// </remarks>
internal sealed class TextFilterParser
{
    private const string TermExpected = "a condition such as name:\"llama\", '(' or '-'";
    private const string OperatorList = ": ~ > >= < <= IN or NOT IN";

    private readonly string _text;
    private readonly string _source;
    private readonly Func<string, FilterOperator> _bareOperator;
    private int _pos;
    private int _depth;

    private TextFilterParser(string text, string source, Func<string, FilterOperator> bareOperator)
    {
        _text = text;
        _source = source;
        _bareOperator = bareOperator;
    }

    /// <summary>Parses a whole filter text; throws a 400 <see cref="EvalstoreException"/> naming the position on error.</summary>
    public static FilterExpr Parse(string text, string source, Func<string, FilterOperator> bareOperator)
    {
        var parser = new TextFilterParser(text, source, bareOperator);
        var expr = parser.ParseOr();
        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            throw parser.Error(
                parser.Peek == ')' ? "AND, OR or the end of the text (this ')' has no matching '(')" : "AND, OR or the end of the text");
        }
        return expr;
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Peek => _text[_pos];

    private FilterExpr ParseOr()
    {
        var terms = new List<FilterExpr> { ParseAnd() };
        while (TryKeyword("OR"))
        {
            terms.Add(ParseAnd());
        }
        return terms.Count == 1 ? terms[0] : new OrFilter(terms);
    }

    private FilterExpr ParseAnd()
    {
        var terms = new List<FilterExpr> { ParseUnary() };
        while (TryKeyword("AND"))
        {
            terms.Add(ParseUnary());
        }
        return terms.Count == 1 ? terms[0] : new AndFilter(terms);
    }

    private FilterExpr ParseUnary()
    {
        SkipSpace();
        if (++_depth > FilterParser.MaxDepth)
        {
            throw Error($"at most {FilterParser.MaxDepth} levels of parentheses and negation");
        }
        FilterExpr result;
        if (!AtEnd && Peek == '-')
        {
            _pos++;
            result = new NotFilter(ParseUnary());
        }
        else if (TryKeyword("NOT"))
        {
            result = new NotFilter(ParseUnary());
        }
        else if (!AtEnd && Peek == '(')
        {
            var open = _pos++;
            result = ParseOr();
            SkipSpace();
            if (AtEnd || Peek != ')')
            {
                throw Error($"')' to close the '(' at character {open + 1}");
            }
            _pos++;
        }
        else
        {
            result = ParseComparison();
        }
        _depth--;
        return result;
    }

    private FieldFilter ParseComparison()
    {
        var field = ReadField();
        SkipSpace();
        if (TryKeyword("IN"))
        {
            return new FieldFilter(field, FilterOperator.In, ReadList("IN"));
        }
        var notAt = _pos;
        if (TryKeyword("NOT"))
        {
            if (!TryKeyword("IN"))
            {
                throw Error("IN after NOT (a comparison is negated by a leading '-': -name:\"x\")");
            }
            return new FieldFilter(field, FilterOperator.Nin, ReadList("NOT IN"));
        }
        _pos = notAt;
        var (op, token) = ReadOperator(field);
        return new FieldFilter(field, op, [ReadValue($"a value after '{token}'")]);
    }

    private (FilterOperator Op, string Token) ReadOperator(string field)
    {
        if (AtEnd)
        {
            throw Error($"an operator after '{field}' ({OperatorList})");
        }
        var next = _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';
        (FilterOperator, string, int)? match = (Peek, next) switch
        {
            (':', _) => (_bareOperator(field), ":", 1),
            ('~', _) => (FilterOperator.Like, "~", 1),
            ('>', '=') => (FilterOperator.Gte, ">=", 2),
            ('>', _) => (FilterOperator.Gt, ">", 1),
            ('<', '=') => (FilterOperator.Lte, "<=", 2),
            ('<', _) => (FilterOperator.Lt, "<", 1),
            _ => null,
        };
        if (match is not var (op, token, length))
        {
            var hint = Peek == '=' ? "; equality is written name:\"x\"" : "";
            throw Error($"an operator after '{field}' ({OperatorList}){hint}");
        }
        _pos += length;
        return (op, token);
    }

    private List<string> ReadList(string keyword)
    {
        SkipSpace();
        if (AtEnd || Peek != '[')
        {
            throw Error($"'[' to start the list of {keyword} values, e.g. [\"a\", \"b\"]");
        }
        _pos++;
        var values = new List<string>();
        SkipSpace();
        if (!AtEnd && Peek == ']')
        {
            _pos++;
            return values;
        }
        while (true)
        {
            values.Add(ReadValue("a value in the list"));
            SkipSpace();
            if (!AtEnd && Peek == ',')
            {
                _pos++;
                continue;
            }
            if (!AtEnd && Peek == ']')
            {
                _pos++;
                return values;
            }
            throw Error("',' or ']' in the list");
        }
    }

    private string ReadField()
    {
        SkipSpace();
        if (!AtEnd && Peek is '"' or '\'')
        {
            return ReadQuoted();
        }
        var start = _pos;
        if (AtEnd || !(char.IsAsciiLetter(Peek) || Peek == '_'))
        {
            throw Error(TermExpected);
        }
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek is '_' or '.' or '-' or '/'))
        {
            _pos++;
        }
        var field = _text[start.._pos];
        if (field.Equals("AND", StringComparison.OrdinalIgnoreCase) || field.Equals("OR", StringComparison.OrdinalIgnoreCase))
        {
            _pos = start;
            throw Error(TermExpected);
        }
        return field;
    }

    private string ReadValue(string expected)
    {
        SkipSpace();
        if (!AtEnd && Peek is '"' or '\'')
        {
            return ReadQuoted();
        }
        var start = _pos;
        // A bare value starting with an operator is a doubled operator (model~~"x"): it would silently match nothing, so
        // it is a syntax error with its position.
        if (!AtEnd && Peek is '~' or ':' or '<' or '>' or '=')
        {
            throw Error($"{expected} (found a second operator; write one operator, e.g. model~\"llama\")");
        }
        while (!AtEnd && !char.IsWhiteSpace(Peek) && Peek is not ('(' or ')' or '[' or ']' or ','))
        {
            _pos++;
        }
        if (_pos == start)
        {
            throw Error(expected);
        }
        return _text[start.._pos];
    }

    private string ReadQuoted()
    {
        var start = _pos;
        var quote = _text[_pos++];
        var value = new StringBuilder();
        while (!AtEnd)
        {
            var c = _text[_pos++];
            if (c == quote)
            {
                return value.ToString();
            }
            if (c == '\\')
            {
                if (AtEnd)
                {
                    break;
                }
                c = _text[_pos++];
            }
            value.Append(c);
        }
        _pos = start;
        throw Error($"a closing {quote} for the string that starts here");
    }

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        var end = _pos + keyword.Length;
        if (end > _text.Length || !_text.AsSpan(_pos, keyword.Length).Equals(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        // A keyword must stand alone: "order:x" is a field, not OR followed by "der:x".
        if (end < _text.Length && !char.IsWhiteSpace(_text[end]) && _text[end] is not ('(' or '[' or '-' or '"' or '\''))
        {
            return false;
        }
        _pos = end;
        return true;
    }

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(Peek))
        {
            _pos++;
        }
    }

    private EvalstoreException Error(string expected) => FilterErrors.Syntax(_source, _text, _pos, expected);
}
