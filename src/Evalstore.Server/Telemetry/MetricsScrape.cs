using System.Text;
using Evalstore.Core;
using Evalstore.Core.Model;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Evalstore.Server.Telemetry;

/// <summary>
/// The <c>/metrics</c> endpoint: a pull reader on the server's meter provider collects on each scrape (cumulative
/// values, the same instruments the OTLP exporter pushes) and <see cref="PrometheusText"/> writes them. One scrape
/// collects at a time, since the exporter is called back on the collecting thread.
/// </summary>
internal sealed class MetricsScrape
{
    private readonly Lock _gate = new();
    private readonly TextExporter _exporter = new();

    public MetricsScrape() => Reader = new BaseExportingMetricReader(_exporter);

    /// <summary>The reader to add to the meter provider (which owns and disposes it).</summary>
    public MetricReader Reader { get; }

    public string Collect()
    {
        lock (_gate)
        {
            _exporter.Text.Clear();
            Reader.Collect();
            return _exporter.Text.ToString();
        }
    }

    private sealed class TextExporter : BaseExporter<Metric>
    {
        public StringBuilder Text { get; } = new();

        public override ExportResult Export(in Batch<Metric> batch)
        {
            PrometheusText.Write(Text, batch);
            return ExportResult.Success;
        }
    }
}
