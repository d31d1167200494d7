using System.Data.Common;
using Dapper;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Sql;

public abstract partial class SqlStore
{
    /// <inheritdoc cref="IServerStore.RecordReportDeliveryAsync" />
    public Task RecordReportDeliveryAsync(ReportDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        Names.Workspace(delivery.Workspace);
        return InTransactionAsync((c, t) => c.ExecuteAsync(Command("""
            INSERT INTO report_deliveries
                (id, workspace, webhook, scheduled_for, started_at, finished_at, status, attempts, http_status, error)
            VALUES (@id, @w, @url, @due, @start, @end, @status, @attempts, @http, @error)
            """, Args(("id", Dialect.Id(delivery.Id)), ("w", delivery.Workspace), ("url", delivery.Webhook),
                ("due", Dialect.Instant(delivery.ScheduledFor)), ("start", Dialect.Instant(delivery.StartedAt)),
                ("end", Dialect.Instant(delivery.FinishedAt)), ("status", WireNames.Of(delivery.Status)), ("attempts", delivery.Attempts),
                ("http", delivery.HttpStatus), ("error", delivery.Error)), t, cancellationToken)), cancellationToken);
    }

    /// <inheritdoc cref="IServerStore.ListReportDeliveriesAsync" />
    public Task<IReadOnlyList<ReportDelivery>> ListReportDeliveriesAsync(string workspace, int limit,
        CancellationToken cancellationToken = default)
    {
        Names.Workspace(workspace);
        return InReadAsync<IReadOnlyList<ReportDelivery>>(async c =>
        {
            await using var reader = await c.ExecuteReaderAsync(Command("""
                SELECT id, workspace, webhook, scheduled_for, started_at, finished_at, status, attempts, http_status, error
                FROM report_deliveries WHERE workspace = @w ORDER BY started_at DESC, id DESC LIMIT @limit
                """, Args(("w", workspace), ("limit", Math.Clamp(limit, 1, ResultQuery.MaxPageSize))), null, cancellationToken));
            var deliveries = new List<ReportDelivery>();
            while (await reader.ReadAsync(cancellationToken))
            {
                deliveries.Add(ReadDelivery(reader));
            }
            return deliveries;
        }, cancellationToken);
    }

    private ReportDelivery ReadDelivery(DbDataReader reader) => new()
    {
        Id = Dialect.ReadId(reader, 0),
        Workspace = reader.GetString(1),
        Webhook = reader.GetString(2),
        ScheduledFor = Dialect.ReadInstant(reader, 3)!.Value,
        StartedAt = Dialect.ReadInstant(reader, 4)!.Value,
        FinishedAt = Dialect.ReadInstant(reader, 5)!.Value,
        Status = reader.GetString(6) == WireNames.Of(DeliveryStatus.Delivered) ? DeliveryStatus.Delivered : DeliveryStatus.Failed,
        Attempts = Convert.ToInt32(reader.GetValue(7), System.Globalization.CultureInfo.InvariantCulture),
        HttpStatus = reader.IsDBNull(8) ? null : Convert.ToInt32(reader.GetValue(8), System.Globalization.CultureInfo.InvariantCulture),
        Error = reader.IsDBNull(9) ? null : reader.GetString(9),
    };
}
