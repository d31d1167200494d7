using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests.Support;

/// <summary>
/// The focused element and how its focus shows: the outline's style, width and colour, and the colour of the surface
/// just outside it (found by hit-testing beside the element, so a link over the dark header is judged on the header).
/// </summary>
public sealed record FocusRing(string Element, bool Body, bool InMain, string Style, double Width, string Color, string Surface)
{
    private const string Probe = """
        () => {
          const e = document.activeElement;
          if (!e || e === document.body || e === document.documentElement) return { body: true };
          const s = getComputedStyle(e);
          const r = e.getBoundingClientRect();
          const gap = parseFloat(s.outlineOffset || '0') + parseFloat(s.outlineWidth || '0') / 2;
          const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
          const xs = [r.left - gap, r.right + gap].filter(x => x >= 0 && x < innerWidth);
          let surface = 'rgb(255, 255, 255)';
          for (const x of xs) {
            const outside = document.elementsFromPoint(x, y).find(n => n !== e && !e.contains(n));
            for (let n = outside; n; n = n.parentElement) {
              const bg = getComputedStyle(n).backgroundColor;
              if (bg && bg !== 'transparent' && !bg.startsWith('rgba(0, 0, 0, 0')) { surface = bg; break; }
            }
            if (outside) break;
          }
          const name = (e.getAttribute('aria-label') || e.textContent || e.getAttribute('name') || '').trim().slice(0, 40);
          return { body: false, element: `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} "${name}"`,
                   inMain: !!e.closest('main'), style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, surface };
        }
        """;

    public static async Task<FocusRing> OfFocusedAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>(Probe);
        if (json.GetProperty("body").GetBoolean())
        {
            return new FocusRing("body", true, false, "none", 0, "", "");
        }
        return new FocusRing(json.GetProperty("element").GetString()!, false, json.GetProperty("inMain").GetBoolean(),
            json.GetProperty("style").GetString()!, json.GetProperty("width").GetDouble(), json.GetProperty("color").GetString()!,
            json.GetProperty("surface").GetString()!);
    }

    /// <summary>WCAG contrast ratio of the outline against the surface beside it.</summary>
    public double Contrast => Ratio(Luminance(Color), Luminance(Surface));

    public bool IsVisible => Style is not ("none" or "hidden") && Width >= 2 && Contrast >= 3;

    private static double Ratio(double a, double b) => (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);

    private static double Luminance(string rgb)
    {
        var parts = rgb[(rgb.IndexOf('(') + 1)..rgb.IndexOf(')')].Split(',')
            .Select(p => double.Parse(p.Trim(), CultureInfo.InvariantCulture) / 255).ToArray();
        static double Linear(double c) => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        return 0.2126 * Linear(parts[0]) + 0.7152 * Linear(parts[1]) + 0.0722 * Linear(parts[2]);
    }
}
