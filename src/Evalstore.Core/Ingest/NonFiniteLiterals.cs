namespace Evalstore.Core.Ingest;

/// <summary>
/// Python's <c>json.dumps</c> writes a NaN score as the bare token <c>NaN</c>, which is not JSON. This rewrites bare
/// <c>NaN</c> tokens outside strings to the string <c>"NaN"</c> (which the ingest format accepts) and rejects bare
/// <c>Infinity</c>, so that a line exported by pandas or numpy imports as it was meant.
/// </summary>
public static class NonFiniteLiterals
{
    /// <summary>Returns the rewritten line, or null when the line has no bare non-finite literal.</summary>
    /// <exception cref="EvalstoreException">400 when the line holds a bare <c>Infinity</c>.</exception>
    public static byte[]? Rewrite(ReadOnlySpan<byte> line)
    {
        if (line.IndexOf("NaN"u8) < 0 && line.IndexOf("Infinity"u8) < 0)
        {
            return null;
        }
        List<int>? nanAt = null;
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            if (c == '"')
            {
                inString = true;
            }
            else if (c == 'N' && line[i..].StartsWith("NaN"u8))
            {
                (nanAt ??= []).Add(i);
                i += 2;
            }
            else if (c == 'I' && line[i..].StartsWith("Infinity"u8))
            {
                throw EvalstoreException.BadRequest(
                    "Infinity is not a valid value; use a finite number, or null or \"NaN\" for a missing score.");
            }
        }
        if (nanAt is null)
        {
            return null;
        }
        var output = new byte[line.Length + 2 * nanAt.Count];
        var from = 0;
        var to = 0;
        foreach (var at in nanAt)
        {
            line[from..at].CopyTo(output.AsSpan(to));
            to += at - from;
            "\"NaN\""u8.CopyTo(output.AsSpan(to));
            to += 5;
            from = at + 3;
        }
        line[from..].CopyTo(output.AsSpan(to));
        return output;
    }
}
