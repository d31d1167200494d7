using System.Globalization;
using System.Text.Json;

namespace Evalstore.Bench;

/// <summary>
/// One figure: Evalstore's value, DuckDB's for the same work when there is one, and the speed ratio (Evalstore's speed
/// over DuckDB's: above 1 Evalstore is faster). <paramref name="HigherIsBetter"/> says whether the value is a rate or a time.
/// </summary>
internal sealed record Figure(string Store, string What, double Value, string Unit, string Bar, bool? Met, string Detail,
    double? DuckDb = null, bool HigherIsBetter = false)
{
    public double? Ratio => DuckDb is { } duck && duck > 0 && Value > 0 ? (HigherIsBetter ? Value / duck : duck / Value) : null;
}

/// <summary>The figures, printed as a table beside DuckDB's and the brief's bars, or as JSON (<c>--json</c>).</summary>
internal sealed class Report
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];

    /// <summary>A line printed under the table (e.g. how busy the machine was).</summary>
    public void Note(string note)
    {
        _notes.Add(note);
        Console.Error.WriteLine($"  {note}");
    }

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        var duck = figure.DuckDb is { } d ? $" [DuckDB {Format(d)} {figure.Unit}, ratio {figure.Ratio:N2}×]" : "";
        Console.Error.WriteLine($"  {figure.Store}: {figure.What}: {Format(figure.Value)} {figure.Unit}{duck} ({figure.Detail})");
    }

    public void Print(int rows)
    {
        Console.WriteLine(
            $"{"store",-10} {"measurement",-52} {"value",12} {"unit",-7} {"DuckDB",10} {"ratio",7} {"bar",-18} {"met",-4} detail");
        foreach (var f in _figures)
        {
            var duck = f.DuckDb is { } d ? Format(d) : "—";
            var ratio = f.Ratio is { } r ? r.ToString("N2", CultureInfo.InvariantCulture) + "×" : "—";
            var met = f.Met is { } m ? (m ? "yes" : "NO") : "";
            Console.WriteLine(
                $"{f.Store,-10} {f.What,-52} {Format(f.Value),12} {f.Unit,-7} {duck,10} {ratio,7} {f.Bar,-18} {met,-4} {f.Detail}");
        }
        Console.WriteLine($"{rows:N0} rows a result; ratio = Evalstore's speed ÷ DuckDB's on the same file and work (above 1: faster).");
        foreach (var note in _notes)
        {
            Console.WriteLine(note);
        }
    }

    /// <summary>The same figures as JSON, so that runs can be compared by a script.</summary>
    public void PrintJson(int rows)
    {
        using var stdout = Console.OpenStandardOutput();
        using var json = new Utf8JsonWriter(stdout, new JsonWriterOptions
        {
            Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        json.WriteStartObject();
        json.WriteNumber("rows", rows);
        json.WriteString("machine", $"{Environment.ProcessorCount} cores");
        json.WriteStartArray("figures");
        foreach (var f in _figures)
        {
            json.WriteStartObject();
            json.WriteString("store", f.Store);
            json.WriteString("measurement", f.What);
            json.WriteNumber("value", Math.Round(f.Value, 4));
            json.WriteString("unit", f.Unit);
            WriteNumberOrNull(json, "duckdb", f.DuckDb);
            WriteNumberOrNull(json, "ratio", f.Ratio);
            json.WriteString("bar", f.Bar);
            if (f.Met is { } met)
            {
                json.WriteBoolean("met", met);
            }
            else
            {
                json.WriteNull("met");
            }
            json.WriteString("detail", f.Detail);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("notes");
        foreach (var note in _notes)
        {
            json.WriteStringValue(note);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stdout.WriteByte((byte)'\n');
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Math.Round(v, 4));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Format(double value)
        => value >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("N2", CultureInfo.InvariantCulture);
}
