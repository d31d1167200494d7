using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Evalstore.Core.Digest;

/// <summary>
/// Writes JSON exactly as Python's <c>json.dumps(value, sort_keys=True)</c> does with its defaults: separators
/// <c>", "</c> and <c>": "</c>, ASCII-only output with <c>\uXXXX</c> escapes, keys sorted by code point, integers
/// verbatim and floats in <c>repr</c> form. The row digest is a hash of this text, so it must match byte for byte.
/// </summary>
public static class PythonJson
{
    private static readonly byte[] s_hex = "0123456789abcdef"u8.ToArray();

    /// <summary>Returns the canonical text of a JSON value.</summary>
    public static string Dumps(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(value, buffer);
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the canonical text of a JSON value as ASCII bytes.</summary>
    public static void Write(JsonElement value, IBufferWriter<byte> output)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(value, output);
                break;
            case JsonValueKind.Array:
                output.Write("["u8);
                var first = true;
                foreach (var element in value.EnumerateArray())
                {
                    if (!first)
                    {
                        output.Write(", "u8);
                    }
                    first = false;
                    Write(element, output);
                }
                output.Write("]"u8);
                break;
            case JsonValueKind.String:
                WriteString(value.GetString()!, output);
                break;
            case JsonValueKind.Number:
                WriteNumber(value, output);
                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            default:
                output.Write("null"u8);
                break;
        }
    }

    private static void WriteObject(JsonElement value, IBufferWriter<byte> output)
    {
        // Sorting (key, position) pairs keeps this O(n log n) in the number of keys: duplicate keys end up side by side,
        // in document order, and Python keeps the last of them. (A lookup per key made 40k keys take 15 s.)
        var count = value.GetPropertyCount();
        var properties = ArrayPool<Member>.Shared.Rent(Math.Max(count, 1));
        try
        {
            var n = 0;
            foreach (var property in value.EnumerateObject())
            {
                properties[n] = new Member(property.Name, n, property.Value);
                n++;
            }
            Array.Sort(properties, 0, n, MemberComparer.Instance);
            output.Write("{"u8);
            var first = true;
            for (var i = 0; i < n; i++)
            {
                if (i + 1 < n && string.Equals(properties[i].Key, properties[i + 1].Key, StringComparison.Ordinal))
                {
                    continue;
                }
                if (!first)
                {
                    output.Write(", "u8);
                }
                first = false;
                WriteString(properties[i].Key, output);
                output.Write(": "u8);
                Write(properties[i].Value, output);
            }
            output.Write("}"u8);
        }
        finally
        {
            ArrayPool<Member>.Shared.Return(properties, clearArray: true);
        }
    }

    private readonly record struct Member(string Key, int Position, JsonElement Value);

    /// <summary>Code point order of keys, then document order, so that the last of equal keys comes last.</summary>
    private sealed class MemberComparer : IComparer<Member>
    {
        public static readonly MemberComparer Instance = new();

        public int Compare(Member x, Member y)
        {
            var byKey = CodePointComparer.Instance.Compare(x.Key, y.Key);
            return byKey != 0 ? byKey : x.Position.CompareTo(y.Position);
        }
    }

    /// <summary>Writes a string with Python's <c>ensure_ascii</c> escaping.</summary>
    public static void WriteString(string text, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(text.Length * 6 + 2);
        var n = 0;
        span[n++] = (byte)'"';
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': span[n++] = (byte)'\\'; span[n++] = (byte)'"'; break;
                case '\\': span[n++] = (byte)'\\'; span[n++] = (byte)'\\'; break;
                case '\n': span[n++] = (byte)'\\'; span[n++] = (byte)'n'; break;
                case '\r': span[n++] = (byte)'\\'; span[n++] = (byte)'r'; break;
                case '\t': span[n++] = (byte)'\\'; span[n++] = (byte)'t'; break;
                case '\b': span[n++] = (byte)'\\'; span[n++] = (byte)'b'; break;
                case '\f': span[n++] = (byte)'\\'; span[n++] = (byte)'f'; break;
                default:
                    if (c >= ' ' && c <= '~')
                    {
                        span[n++] = (byte)c;
                    }
                    else
                    {
                        // UTF-16 code units are exactly Python's \uXXXX escapes, surrogate pairs included.
                        span[n++] = (byte)'\\';
                        span[n++] = (byte)'u';
                        span[n++] = s_hex[(c >> 12) & 0xF];
                        span[n++] = s_hex[(c >> 8) & 0xF];
                        span[n++] = s_hex[(c >> 4) & 0xF];
                        span[n++] = s_hex[c & 0xF];
                    }
                    break;
            }
        }
        span[n++] = (byte)'"';
        output.Advance(n);
    }

    private static void WriteNumber(JsonElement value, IBufferWriter<byte> output)
    {
        var raw = value.GetRawText();
        if (raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
        {
            // Python's int keeps any number of digits; only "-0" changes, to "0".
            WriteAscii(raw == "-0" ? "0" : raw, output);
            return;
        }
        var number = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        WriteAscii(FloatRepr(number), output);
    }

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, fixed notation for 1e-4 ≤ |x| &lt; 1e16.</summary>
    public static string FloatRepr(double number)
    {
        if (double.IsNaN(number))
        {
            return "NaN";
        }
        if (double.IsInfinity(number))
        {
            return number > 0 ? "Infinity" : "-Infinity";
        }
        if (number == 0)
        {
            return double.IsNegative(number) ? "-0.0" : "0.0";
        }
        // "E16" gives 17 significant digits; "R" gives the shortest round-trip form, which is what repr uses.
        var shortest = number.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        var body = negative ? shortest[1..] : shortest;
        var exponent = 0;
        var e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? body[..dot] : body;
        var fracPart = dot >= 0 ? body[(dot + 1)..] : "";
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        // decpt: how many digits stand before the decimal point in the value digits × 10^(decpt − len).
        var decpt = intPart.Length + exponent - leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var text = new StringBuilder();
        if (negative)
        {
            text.Append('-');
        }
        if (decpt <= -4 || decpt > 16)
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }
            var exp = decpt - 1;
            text.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (decpt <= 0)
        {
            text.Append("0.").Append('0', -decpt).Append(digits);
        }
        else if (decpt < digits.Length)
        {
            text.Append(digits, 0, decpt).Append('.').Append(digits, decpt, digits.Length - decpt);
        }
        else
        {
            text.Append(digits).Append('0', decpt - digits.Length).Append(".0");
        }
        return text.ToString();
    }

    private static void WriteAscii(string text, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }
        output.Advance(text.Length);
    }
}
