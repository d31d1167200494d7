using System.Net;
using System.Text;
using Evalstore.Resilience.Tests.Support;

namespace Evalstore.Resilience.Tests.Regressions;

/// <summary>
/// Failure 2 (spreadsheet formula injection): CSV exports wrote <c>=HYPERLINK(…)</c>, <c>+cmd|…</c>, <c>@SUM(…)</c> cells
/// verbatim, which a spreadsheet runs. Text starting with = + - @ tab or CR now gets a leading apostrophe; numbers stay.
/// </summary>
public sealed class CsvInjectionTests
{
    private const string Item =
        "{\"a\":\"=1+2\",\"b\":\"+cmd|calc!A0\",\"c\":\"@SUM(1)\",\"d\":\"-2+3\",\"e\":\"\\tx\",\"f\":\"\\rx\"," +
        "\"g\":\"-0.5\",\"h\":-0.5,\"i\":\"plain\",\"j\":\"=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")\"}";

    [Fact]
    public Task RowsCsv_NeutralisesFormulas_AndKeepsNumbers_Sqlite() => RowsCsvAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task RowsCsv_NeutralisesFormulas_AndKeepsNumbers_Postgres() => RowsCsvAsync(StoreKind.Postgres);

    [Fact]
    public Task AggregatesCsv_NeutralisesFormulas_Sqlite() => AggregatesCsvAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task AggregatesCsv_NeutralisesFormulas_Postgres() => AggregatesCsvAsync(StoreKind.Postgres);

    private static async Task RowsCsvAsync(StoreKind kind)
    {
        await using var server = await ResilienceServer.StartAsync(kind);
        await ImportAsync(server);
        var table = Csv.Parse(await server.Http.GetStringAsync("api/v1/workspaces/default/results/formulas/export?format=csv"));
        var row = table[0].Zip(table[1]).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);

        Assert.Equal("'=1+2", row["a"]);
        Assert.Equal("'+cmd|calc!A0", row["b"]);
        Assert.Equal("'@SUM(1)", row["c"]);
        Assert.Equal("'-2+3", row["d"]);
        Assert.Equal("'\tx", row["e"]);
        Assert.Equal("'\rx", row["f"]);
        Assert.Equal("-0.5", row["g"]); // text that is only a number is a number to a spreadsheet, never a formula
        Assert.Equal("-0.5", row["h"]);
        Assert.Equal("plain", row["i"]);
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"x\")", row["j"]);
        Assert.Equal("'=cmd()", row["'@m:=s"]); // the header of a score named like a formula, and its text value
        Assert.Equal("0.25", row["m:-n"]);
    }

    private static async Task AggregatesCsvAsync(StoreKind kind)
    {
        await using var server = await ResilienceServer.StartAsync(kind);
        await ImportAsync(server);
        var table = Csv.Parse(await server.Http.GetStringAsync("api/v1/workspaces/default/results/formulas/export?format=aggregates-csv"));
        var cells = table.Skip(1).SelectMany(r => r).ToList();

        Assert.Contains("'@m", cells);
        Assert.Contains("'=s", cells);
        Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '=' or '+' or '@' or '\t' or '\r');
        // Statistics stay numbers: every cell that parses as a number was written without an apostrophe.
        Assert.Contains(cells, c => c == "0.25");
    }

    private static async Task ImportAsync(ResilienceServer server)
    {
        var line = $"{{\"item\":{Item},\"sample\":{{}},\"metrics\":{{\"@m\":[{{\"name\":\"=s\",\"value\":\"=cmd()\"}}]," +
            "\"m\":[{\"name\":\"-n\",\"value\":0.25}]}}\n";
        using var response = await server.Http.PostAsync("api/v1/workspaces/default/imports?name=formulas", Http.Jsonl(line));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>RFC 4180: fields split by commas, records by CRLF, quoted fields may hold both and double their quotes.</summary>
    private static class Csv
    {
        public static List<List<string>> Parse(string text)
        {
            var rows = new List<List<string>>();
            var row = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    row.Add(field.ToString());
                    field.Clear();
                }
                else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add(row);
                    row = [];
                    i++;
                }
                else
                {
                    field.Append(c);
                }
            }
            if (field.Length > 0 || row.Count > 0)
            {
                row.Add(field.ToString());
                rows.Add(row);
            }
            return rows;
        }
    }
}
