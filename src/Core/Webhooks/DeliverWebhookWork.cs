using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Options;
using Crashdesk.Core.Storage.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Webhooks;

/// <summary>
/// One try of one delivery (a <c>webhook_deliveries</c> row claimed by <see cref="QueuedJob{TWork}"/>):
/// POSTs the event, records the try, and ends the row delivered, failed (tries used up, or the
/// endpoint disabled) or scheduled for the next try after an exponential back-off. The relay
/// (<see cref="WebhookRelay"/>) queues a scheduled row again when it is due — the job system's own
/// retries stay for what goes wrong here (the database), as for every other job. An endpoint failing
/// every try for <see cref="WebhookOptions.DisableAfter"/> is disabled, with the reason its admins see.
/// </summary>
public sealed class DeliverWebhookWork(
    CrashdeskDbContext db, WebhookSender sender, SecretSealer sealer, IOptions<WebhookOptions> options, ILogger<DeliverWebhookWork> logger) : IQueuedWork
{
    public static string Queue => JobQueues.Webhooks;

    /// <summary>Open while pending or delivering; a scheduled row waits for the relay, so a stray job finds nothing to do.</summary>
    public static WorkTable Table { get; } = new("webhook_deliveries",
        [StatusNames.Name(WebhookDeliveryStatus.Pending), StatusNames.Name(WebhookDeliveryStatus.Delivering)],
        StatusNames.Name(WebhookDeliveryStatus.Delivering), StatusNames.Name(WebhookDeliveryStatus.Pending),
        "", "last_error = @message");

    public async Task RunAsync(Guid id, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.FirstAsync(d => d.Id == id, cancellationToken);
        var endpoint = await db.WebhookEndpoints.FirstAsync(e => e.Id == delivery.EndpointId, cancellationToken);
        var body = await db.WebhookEvents.Where(e => e.Id == delivery.EventId).Select(e => e.Body).FirstAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        delivery.LeaseUntil = null;
        if (!endpoint.Enabled)
        {
            End(delivery, WebhookDeliveryStatus.Failed, "the endpoint is disabled", now);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        string context = WebhookSecrets.Context(endpoint.Id), name = WebhookSecrets.Name(endpoint.Url);
        List<string> secrets = [sealer.Open(endpoint.Secret, context, name)];
        if (endpoint.PreviousSecret is { } previous && endpoint.PreviousSecretUntil > now)
            secrets.Add(sealer.Open(previous, context, name));
        var result = await sender.SendAsync(endpoint.Url, delivery.EventId.ToString(), secrets, body, cancellationToken);
        Record(delivery, result, now);
        Telemetry.CrashdeskTelemetry.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", result.Delivered ? "delivered" : "failed"),
            new KeyValuePair<string, object?>("http.response.status_code", result.StatusCode));
        if (result.Delivered)
        {
            End(delivery, WebhookDeliveryStatus.Delivered, null, DateTimeOffset.UtcNow);
            endpoint.FailingSince = null;
            endpoint.LastSuccessAt = DateTimeOffset.UtcNow;
        }
        else
            await FailedTryAsync(delivery, endpoint, result.Error!, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // Tells the relays a try is scheduled, so they wake when it falls due rather than at their next poll.
        if (delivery.Status == WebhookDeliveryStatus.Scheduled)
            await db.Database.ExecuteSqlRawAsync(WebhookRelay.NotifySql, cancellationToken);
        logger.LogInformation("Webhook delivery {DeliveryId} try {Try}: {Status} in {LatencyMs} ms", id, delivery.Tries,
            result.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer", result.LatencyMs);
    }

    public Task FailAsync(Guid id, string error, CancellationToken cancellationToken) =>
        db.WebhookDeliveries.Where(d => d.Id == id && (d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Delivering))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Failed)
                .SetProperty(d => d.LastError, Truncate(error, WebhookDeliveryAttempt.ErrorMax))
                .SetProperty(d => d.FinishedAt, DateTimeOffset.UtcNow)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), cancellationToken);

    /// <summary>The wait before try number <paramref name="tries"/> + 1: RetryDelay × BackoffFactor^(tries − 1), at most MaxRetryDelay.</summary>
    public static TimeSpan Backoff(WebhookOptions options, int tries)
    {
        double seconds = options.RetryDelay.TotalSeconds * Math.Pow(options.BackoffFactor, Math.Max(0, tries - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, options.MaxRetryDelay.TotalSeconds));
    }

    private void Record(WebhookDelivery delivery, WebhookSendResult result, DateTimeOffset at)
    {
        delivery.Tries++;
        delivery.LastStatusCode = result.StatusCode;
        delivery.LastLatencyMs = result.LatencyMs;
        delivery.LastError = Truncate(result.Error, WebhookDeliveryAttempt.ErrorMax);
        db.WebhookDeliveryAttempts.Add(new WebhookDeliveryAttempt
        {
            DeliveryId = delivery.Id,
            Number = delivery.Tries,
            At = at,
            StatusCode = result.StatusCode,
            LatencyMs = result.LatencyMs,
            ResponseExcerpt = Truncate(result.ResponseExcerpt, WebhookDeliveryAttempt.ExcerptMax),
            Error = Truncate(result.Error, WebhookDeliveryAttempt.ErrorMax),
        });
    }

    private async Task FailedTryAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        endpoint.FailingSince ??= now;
        if (now - endpoint.FailingSince >= settings.DisableAfter)
        {
            endpoint.Enabled = false;
            endpoint.DisabledAt = now;
            endpoint.UpdatedAt = now;
            endpoint.DisabledReason = Truncate(
                $"disabled automatically: every delivery failed since {endpoint.FailingSince:yyyy-MM-dd HH:mm} UTC (longer than {settings.DisableAfter}); the last: {error}. Fix the receiver, then enable the endpoint again.",
                WebhookEndpoint.ReasonMax);
            End(delivery, WebhookDeliveryStatus.Failed, $"the endpoint was disabled after this try ({error})", now);
            // The endpoint's other waiting deliveries end too: nothing more is sent until an admin enables it.
            await db.WebhookDeliveries.Where(d => d.EndpointId == endpoint.Id && d.Id != delivery.Id && d.Status == WebhookDeliveryStatus.Scheduled)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, WebhookDeliveryStatus.Failed)
                    .SetProperty(d => d.LastError, "the endpoint was disabled")
                    .SetProperty(d => d.FinishedAt, now), cancellationToken);
            logger.LogWarning("Webhook endpoint {EndpointId} disabled: every delivery failed since {Since}", endpoint.Id, endpoint.FailingSince);
        }
        else if (delivery.Tries >= settings.MaxAttempts)
            End(delivery, WebhookDeliveryStatus.Failed, $"gave up after {delivery.Tries} tries; the last {error}", now);
        else
        {
            delivery.Status = WebhookDeliveryStatus.Scheduled;
            delivery.NextAttemptAt = now + Backoff(settings, delivery.Tries);
            // Claims count per job run; the next run starts afresh (tries are counted in Tries).
            delivery.Attempts = 0;
            delivery.QueueJobId = null;
        }
    }

    private static void End(WebhookDelivery delivery, WebhookDeliveryStatus status, string? error, DateTimeOffset at)
    {
        delivery.Status = status;
        delivery.FinishedAt = at;
        delivery.NextAttemptAt = null;
        if (error is not null)
            delivery.LastError = Truncate(error, WebhookDeliveryAttempt.ErrorMax);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..(max - 1)] + "…";
}
