using System.Globalization;
using System.Text;

namespace Evalstore.Bench;

/// <summary>The benchmark's rows: the ingest format with a numeric and a boolean score per row, as JSONL batches.</summary>
internal static class Workload
{
    /// <summary>Builds every batch up front, so that generating text is not timed.</summary>
    public static List<byte[]> Batches(long rows, int batchRows)
    {
        var batches = new List<byte[]>();
        var text = new StringBuilder();
        for (long i = 0; i < rows; i++)
        {
            var score = (i * 7919 % 1000) / 1000.0;
            var value = score.ToString("R", CultureInfo.InvariantCulture);
            var passed = score >= 0.5 ? "true" : "false";
            text.Append(CultureInfo.InvariantCulture, $"{{\"row_index\": {i}, \"item\": {{\"input\": \"What is {i} + {i}?\", \"reference\": \"{2 * i}\"}}, ")
                .Append(CultureInfo.InvariantCulture, $"\"sample\": {{\"output_text\": \"The answer is {2 * i}.\"}}, ")
                .Append(CultureInfo.InvariantCulture, $"\"metrics\": {{\"accuracy\": [{{\"name\": \"accuracy\", \"value\": {value}}}], ")
                .Append(CultureInfo.InvariantCulture, $"\"passed\": [{{\"name\": \"passed\", \"value\": {passed}}}]}}}}");
            text.Append('\n');
            if ((i + 1) % batchRows == 0 || i + 1 == rows)
            {
                batches.Add(Encoding.UTF8.GetBytes(text.ToString()));
                text.Clear();
            }
        }
        return batches;
    }
}
