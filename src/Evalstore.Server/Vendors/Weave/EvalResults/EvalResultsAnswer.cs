using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>Writes <c>EvalResultsQueryRes</c>: <c>{rows, total_rows, summary, warnings}</c>, trials copied as prepared.</summary>
internal sealed class EvalResultsAnswer(IReadOnlyList<ResultInfo> runs, IReadOnlyList<(string Digest, EvalResultsQuery.PageRow Row)> rows,
    long totalRows, SummaryBuilder? summary, long summaryRows, IReadOnlyList<string> warnings, bool withRawDataRows) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, WeaveJson.Writer);
        writer.WriteStartObject();
        writer.WriteStartArray("rows");
        foreach (var (digest, row) in rows)
        {
            WriteRow(writer, digest, row);
            if (writer.BytesPending > 64 * 1024)
            {
                await writer.FlushAsync(httpContext.RequestAborted);
            }
        }
        writer.WriteEndArray();
        writer.WriteNumber("total_rows", totalRows);
        writer.WritePropertyName("summary");
        if (summary is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            summary.Write(writer, summaryRows);
        }
        writer.WriteStartArray("warnings");
        foreach (var warning in warnings)
        {
            writer.WriteStringValue(warning);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }

    private void WriteRow(Utf8JsonWriter writer, string digest, EvalResultsQuery.PageRow row)
    {
        writer.WriteStartObject();
        writer.WriteString("row_digest", digest);
        writer.WritePropertyName("raw_data_row");
        if (withRawDataRows && row.RawDataRow is { } raw)
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
        }
        else
        {
            writer.WriteNullValue();
        }
        writer.WriteStartArray("evaluations");
        var open = -1;
        foreach (var (run, json) in row.Trials)
        {
            if (run != open)
            {
                if (open >= 0)
                {
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteStartObject();
                writer.WriteString("evaluation_call_id", runs[run].Id.ToString());
                writer.WriteStartArray("trials");
                open = run;
            }
            writer.WriteRawValue(json, skipInputValidation: true);
        }
        if (open >= 0)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
