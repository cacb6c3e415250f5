using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Webhooks;

/// <summary>
/// Deletes webhook events older than <see cref="WebhookOptions.KeepDeliveriesFor"/> whose every delivery has
/// ended (delivered or failed); their deliveries and tries go with them (ON DELETE CASCADE). An event still
/// pending, scheduled or being delivered stays whatever its age, and so does one not yet relayed, so
/// nothing a receiver is still owed is lost. Without it the outbox and the delivery log grow for ever.
/// </summary>
public sealed class WebhookLogRetention(CrashdeskDbContext db, IOptions<WebhookOptions> options, ILogger<WebhookLogRetention> logger)
{
    private const int Batch = 5000;

    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - options.Value.KeepDeliveriesFor;
        int total = 0;
        while (true)
        {
            int batch = await db.Database.ExecuteSqlInterpolatedAsync($"""
                DELETE FROM webhook_events WHERE id IN (
                    SELECT e.id FROM webhook_events e
                     WHERE e.created_at < {before} AND e.relayed_at IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id
                                         AND d.status NOT IN ({StatusNames.Name(WebhookDeliveryStatus.Delivered)}, {StatusNames.Name(WebhookDeliveryStatus.Failed)}))
                     ORDER BY e.created_at LIMIT {Batch})
                """, cancellationToken);
            total += batch;
            if (batch < Batch)
                break;
        }
        if (total > 0)
            logger.LogInformation("Webhook log: {Count} event(s) older than {Days} days deleted with their deliveries", total, options.Value.KeepDeliveriesFor.TotalDays);
        return total;
    }
}
