using System.Globalization;
using System.Net;
using System.Text;
using Evalstore.Core.Model;

namespace Evalstore.Core.Reporting;

/// <summary>
/// A trend as one self-contained SVG: a line per model through its means, a band for each model's 95% intervals,
/// and a marker on every significant step (▼ regression, ▲ improvement). It has a title and a description, each point and
/// marker a title of its own, and needs no script, so the web UI and the e-mailed HTML report draw the same picture.
/// </summary>
public static class TrendChart
{
    /// <summary>Series colours, each at least 4.5:1 against white.</summary>
    public static readonly IReadOnlyList<string> Colors = ["#1f5fa8", "#a8461b", "#23713a", "#7b3fa0", "#7a5c00", "#a3305f"];

    private const double Left = 56, Right = 16, Top = 16, Bottom = 40;

    /// <summary>The chart, <paramref name="width"/> × <paramref name="height"/> user units, scaling to its container's width.</summary>
    public static string Svg(TrendReport trend, string id, int width = 720, int height = 300)
    {
        ArgumentNullException.ThrowIfNull(trend);
        var svg = new StringBuilder();
        var title = $"{trend.Score} over time";
        var significant = trend.Points.Count(p => p.Step?.Change is TrendChange.Regression or TrendChange.Improvement);
        var desc = $"{trend.Points.Count} results of {trend.Models.Count} model(s); {significant} significant step(s). "
            + "Lines join each model's means, bands show 95% intervals, ▼ marks a significant regression and ▲ an improvement.";
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" """)
            .Append(CultureInfo.InvariantCulture, $"""aria-labelledby="{id}-title {id}-desc">""")
            .Append(CultureInfo.InvariantCulture, $"""<title id="{id}-title">{E(title)}</title><desc id="{id}-desc">{E(desc)}</desc>""");
        var values = trend.Points.SelectMany(p => new[] { p.Mean, p.CiLow, p.CiHigh }).OfType<double>().Where(double.IsFinite).ToList();
        if (values.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"""<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#333">No results in this series.</text></svg>""");
            return svg.ToString();
        }
        var (lo, hi) = (values.Min(), values.Max());
        var pad = hi > lo ? (hi - lo) * 0.08 : Math.Max(Math.Abs(hi) * 0.1, 0.05);
        (lo, hi) = (lo - pad, hi + pad);
        var plotW = width - Left - Right;
        var plotH = height - Top - Bottom;
        var n = trend.Points.Count;
        double X(int i) => Left + (n == 1 ? plotW / 2 : plotW * i / (n - 1));
        double Y(double v) => Top + plotH * (1 - (v - lo) / (hi - lo));
        Axes(svg, trend, lo, hi, width, height, Y);
        var index = trend.Points.Select((p, i) => (p, i)).ToList();
        for (var m = 0; m < trend.Models.Count; m++)
        {
            var model = trend.Models[m];
            var color = Colors[m % Colors.Count];
            var points = index.Where(x => x.p.Model == model && x.p.Mean is not null).ToList();
            var banded = points.Where(x => x.p.CiLow is not null && x.p.CiHigh is not null).ToList();
            svg.Append("<g>");
            if (banded.Count > 1)
            {
                var band = banded.Select(x => P(X(x.i), Y(x.p.CiHigh!.Value)))
                    .Concat(banded.AsEnumerable().Reverse().Select(x => P(X(x.i), Y(x.p.CiLow!.Value))));
                svg.Append(CultureInfo.InvariantCulture,
                    $"""<polygon points="{string.Join(' ', band)}" fill="{color}" fill-opacity="0.15" stroke="none"/>""");
            }
            foreach (var (p, i) in banded)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{F(X(i))}" x2="{F(X(i))}" y1="{F(Y(p.CiLow!.Value))}" """)
                    .Append(CultureInfo.InvariantCulture, $"""y2="{F(Y(p.CiHigh!.Value))}" stroke="{color}" stroke-opacity="0.5"/>""");
            }
            if (points.Count > 1)
            {
                var line = string.Join(' ', points.Select(x => P(X(x.i), Y(x.p.Mean!.Value))));
                svg.Append(CultureInfo.InvariantCulture, $"""<polyline points="{line}" """)
                    .Append(CultureInfo.InvariantCulture, $"""fill="none" stroke="{color}" stroke-width="2"/>""");
            }
            foreach (var (p, i) in points)
            {
                Point(svg, p, X(i), Y(p.Mean!.Value), color);
            }
            svg.Append("</g>");
        }
        Legend(svg, trend, height);
        return svg.Append("</svg>").ToString();
    }

    private static void Point(StringBuilder svg, TrendPoint p, double x, double y, string color)
    {
        var label = $"{p.Model}, {p.Result.Name} ({p.Result.CreatedAt:yyyy-MM-dd HH:mm}): mean {N(p.Mean)}"
            + (p.CiLow is null ? "" : $", 95% interval [{N(p.CiLow)}, {N(p.CiHigh)}]") + $", n = {p.N}";
        if (p.Step is { } step)
        {
            label += $"; {WireNames.Of(step.Change)} against {step.Previous.Name}"
                + (step.AdjustedP is { } q ? $" (Holm-adjusted p = {q.ToString("G3", CultureInfo.InvariantCulture)})" : "");
        }
        svg.Append(CultureInfo.InvariantCulture,
            $"""<circle cx="{F(x)}" cy="{F(y)}" r="4" fill="{color}"><title>{E(label)}</title></circle>""");
        var change = p.Step?.Change;
        if (change is TrendChange.Regression or TrendChange.Improvement)
        {
            var down = change == TrendChange.Regression;
            // ▼ below a regressed point (its tip lower), ▲ above an improved one.
            var tip = down ? y + 20 : y - 20;
            var baseY = down ? y + 10 : y - 10;
            svg.Append(CultureInfo.InvariantCulture,
                $"""<polygon class="{(down ? "regression" : "improvement")}" points="{P(x, tip)} {P(x - 6, baseY)} {P(x + 6, baseY)}" """)
                .Append(CultureInfo.InvariantCulture,
                    $"""fill="{(down ? "#b00020" : "#1b6e2e")}"><title>{E(WireNames.Of(change.Value) + ": " + label)}</title></polygon>""");
        }
    }

    private static void Axes(StringBuilder svg, TrendReport trend, double lo, double hi, int width, int height, Func<double, double> y)
    {
        svg.Append(CultureInfo.InvariantCulture,
            $"""<g fill="#333" font-size="11" font-family="sans-serif"><line x1="{Left}" x2="{Left}" y1="{Top}" y2="{height - Bottom}" """)
            .Append("""stroke="#666"/>""");
        for (var t = 0; t <= 4; t++)
        {
            var v = lo + (hi - lo) * t / 4;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{width - Right}" y1="{F(y(v))}" y2="{F(y(v))}" """)
                .Append(CultureInfo.InvariantCulture, $"""stroke="#ddd"/><text x="{Left - 6}" y="{F(y(v) + 4)}" """)
                .Append(CultureInfo.InvariantCulture, $"""text-anchor="end">{N(v)}</text>""");
        }
        if (trend.Points.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"""<text x="{Left}" y="{height - Bottom + 16}">{trend.Points[0].Result.CreatedAt:yyyy-MM-dd}</text>""")
                .Append(CultureInfo.InvariantCulture, $"""<text x="{width - Right}" y="{height - Bottom + 16}" text-anchor="end">""")
                .Append(CultureInfo.InvariantCulture, $"""{trend.Points[^1].Result.CreatedAt:yyyy-MM-dd}</text>""");
        }
        svg.Append("</g>");
    }

    private static void Legend(StringBuilder svg, TrendReport trend, int height)
    {
        var x = Left;
        svg.Append("""<g font-size="11" font-family="sans-serif" fill="#333">""");
        for (var m = 0; m < trend.Models.Count; m++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{F(x)}" y="{height - 14}" width="10" height="10" """)
                .Append(CultureInfo.InvariantCulture, $"""fill="{Colors[m % Colors.Count]}"/><text x="{F(x + 14)}" y="{height - 5}">""")
                .Append(E(trend.Models[m])).Append("</text>");
            x += 24 + 7 * trend.Models[m].Length;
        }
        svg.Append("</g>");
    }

    private static string P(double x, double y) => $"{F(x)},{F(y)}";

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A number for labels: four significant digits.</summary>
    public static string N(double? v) => v is { } x ? x.ToString("G4", CultureInfo.InvariantCulture) : "–";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
