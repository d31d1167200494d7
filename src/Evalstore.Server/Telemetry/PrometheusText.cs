using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Evalstore.Server.Telemetry;

/// <summary>
/// Writes the metrics of one collection in the Prometheus text exposition format (version 0.0.4), named as the
/// OpenTelemetry-to-Prometheus conventions name them: dots become underscores, the unit a suffix (<c>_seconds</c>,
/// <c>_bytes</c>), counters end in <c>_total</c>, histograms give cumulative <c>_bucket</c> lines with <c>_sum</c> and <c>_count</c>.
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Write(StringBuilder text, in Batch<Metric> batch)
    {
        foreach (var metric in batch)
        {
            var name = MetricName(metric);
            var (type, suffix) = metric.MetricType switch
            {
                MetricType.LongSum or MetricType.DoubleSum => ("counter", "_total"),
                MetricType.Histogram => ("histogram", ""),
                MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic
                    => ("gauge", ""),
                _ => (null, ""), // exponential histograms have no text form
            };
            if (type is null)
            {
                continue;
            }
            if (!string.IsNullOrEmpty(metric.Description))
            {
                text.Append("# HELP ").Append(name).Append(suffix).Append(' ').Append(EscapeHelp(metric.Description)).Append('\n');
            }
            text.Append("# TYPE ").Append(name).Append(suffix).Append(' ').Append(type).Append('\n');
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var labels = Labels(point.Tags);
                if (type == "histogram")
                {
                    WriteHistogram(text, name, labels, point);
                    continue;
                }
                var value = metric.MetricType switch
                {
                    MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                    MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                    MetricType.LongGauge => point.GetGaugeLastValueLong(),
                    _ => point.GetGaugeLastValueDouble(),
                };
                Sample(text, name + suffix, labels, value);
            }
        }
    }

    private static void WriteHistogram(StringBuilder text, string name, string labels, MetricPoint point)
    {
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            var bound = double.IsPositiveInfinity(bucket.ExplicitBound) ? "+Inf" : Number(bucket.ExplicitBound);
            var le = $"le=\"{bound}\"";
            Sample(text, name + "_bucket", labels.Length == 0 ? le : labels + "," + le, cumulative);
        }
        Sample(text, name + "_sum", labels, point.GetHistogramSum());
        Sample(text, name + "_count", labels, point.GetHistogramCount());
    }

    private static void Sample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    /// <summary>
    /// The Prometheus name: the instrument's name with every character outside [a-zA-Z0-9_:] an underscore, plus its unit.
    /// </summary>
    public static string MetricName(Metric metric)
    {
        var name = Sanitize(metric.Name);
        var unit = metric.Unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            "1" or "" or null => "",
            { } other when other.StartsWith('{') => "", // annotations such as {row} are not units
            { } other => Sanitize(other),
        };
        return unit.Length == 0 || name.EndsWith("_" + unit, StringComparison.Ordinal) ? name : name + "_" + unit;
    }

    private static string Labels(ReadOnlyTagCollection tags)
    {
        var labels = new StringBuilder();
        foreach (var tag in tags)
        {
            if (labels.Length > 0)
            {
                labels.Append(',');
            }
            labels.Append(Sanitize(tag.Key)).Append("=\"")
                .Append(EscapeLabel(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }
        return labels.ToString();
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }
        if (builder.Length > 0 && char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }
        return builder.ToString();
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
