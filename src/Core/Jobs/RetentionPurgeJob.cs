using Crashdesk.Core.DataProtection;
using Crashdesk.Core.Webhooks;
using Hangfire;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// The daily recurring job of the maintenance queue: what the organisations' policies and the service's
/// options say may go, goes — raw dumps past their retention (<see cref="RetentionPurge"/>), audit events past
/// the audit retention (<see cref="AuditRetention"/>), ended webhook deliveries past their keep time
/// (<see cref="WebhookLogRetention"/>). Each is idempotent and independent of the others. It carries no
/// row id (there is no row to claim: the purge finds its own work and is idempotent), so it is a
/// plain Hangfire job with the pipeline's storage, activator and retry filter, not a <see cref="QueuedJob{TWork}"/>.
/// </summary>
public sealed class RetentionPurgeJob(RetentionPurge purge, AuditRetention audit, WebhookLogRetention webhooks)
{
    /// <summary>The recurring job's id in Hangfire (the dashboard shows it; a test triggers it).</summary>
    public const string RecurringId = "retention-purge";

    [JobDisplayName("retention purge")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        await purge.RunAsync(now, cancellationToken);
        await audit.RunAsync(now, cancellationToken);
        await webhooks.RunAsync(now, cancellationToken);
    }
}
