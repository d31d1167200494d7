using System.Globalization;
using System.Text;

namespace Evalstore.Bench;

/// <summary>
/// A deterministic synthetic result: each row has a distinct item, an output and two scores (a 0/1 exact match and a
/// continuous similarity), as in the brief's bar. Batches are pre-rendered so the benchmark times the server, not
/// the generator.
/// </summary>
internal static class SyntheticRows
{
    public static List<byte[]> Batches(int rows, int batchSize, int seed, double skill)
    {
        var random = new Random(seed);
        var batches = new List<byte[]>();
        var text = new StringBuilder(batchSize * 260);
        for (var i = 0; i < rows; i++)
        {
            var a = i % 997;
            var b = i / 997;
            var correct = random.NextDouble() < skill;
            var similarity = Math.Round(correct ? 0.7 + random.NextDouble() * 0.3 : random.NextDouble() * 0.6, 4);
            text.Append(CultureInfo.InvariantCulture,
                $$"""{"row_index":{{i}},"item":{"input":"What is {{a}} + {{b}}?","reference":"{{a + b}}","id":{{i}}},"sample":""" +
                $$"""{"output_text":"{{(correct ? a + b : a + b + 1)}}"},"metrics":""" +
                $$"""{"exact-match":[{"name":"exact-match","value":{{(correct ? "1.0" : "0.0")}}}],"similarity":""" +
                $$"""[{"name":"similarity","value":{{similarity.ToString("R", CultureInfo.InvariantCulture)}}}]},"latency_ms":""" +
                $$"""{{120 + random.Next(400)}}}""");
            text.Append('\n');
            if ((i + 1) % batchSize == 0 || i == rows - 1)
            {
                batches.Add(Encoding.UTF8.GetBytes(text.ToString()));
                text.Clear();
            }
        }
        return batches;
    }
}
