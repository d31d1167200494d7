using System.Globalization;
using System.Text;

namespace Evalstore.Bench;

/// <summary>
/// A deterministic synthetic result written to a JSONL file: each row has a distinct item, an output and two scores (a
/// 0/1 exact match and a continuous similarity) plus <c>latency_ms</c>, as in the brief's bar (about 252 bytes a row).
/// The same file is posted to Evalstore and loaded by DuckDB.
/// </summary>
internal static class SyntheticRows
{
    public static void Write(string path, int rows, int seed, double skill, int firstItem = 0)
    {
        var random = new Random(seed);
        using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var text = new StringBuilder(300);
        for (var i = 0; i < rows; i++)
        {
            var a = (i + firstItem) % 997;
            var b = (i + firstItem) / 997;
            var correct = random.NextDouble() < skill;
            var similarity = Math.Round(correct ? 0.7 + random.NextDouble() * 0.3 : random.NextDouble() * 0.6, 4);
            text.Clear();
            text.Append(CultureInfo.InvariantCulture,
                $$"""{"row_index":{{i}},"item":{"input":"What is {{a}} + {{b}}?","reference":"{{a + b}}","id":""" +
                $$"""{{i + firstItem}}},"sample":""" +
                $$"""{"output_text":"{{(correct ? a + b : a + b + 1)}}"},"metrics":""" +
                $$"""{"exact-match":[{"name":"exact-match","value":{{(correct ? "1.0" : "0.0")}}}],"similarity":""" +
                $$"""[{"name":"similarity","value":{{similarity.ToString("R", CultureInfo.InvariantCulture)}}}]},"latency_ms":""" +
                $$"""{{120 + random.Next(400)}}}""");
            text.Append('\n');
            file.Write(text);
        }
    }

    /// <summary>The file cut into batches of whole lines, held in memory so that a batch's time is the server's.</summary>
    public static List<byte[]> Batches(string path, int batchSize)
    {
        var bytes = File.ReadAllBytes(path);
        var batches = new List<byte[]>();
        var start = 0;
        var lines = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' && ++lines == batchSize)
            {
                batches.Add(bytes[start..(i + 1)]);
                start = i + 1;
                lines = 0;
            }
        }
        if (start < bytes.Length)
        {
            batches.Add(bytes[start..]);
        }
        return batches;
    }
}
