using Crashdesk.Core.DataProtection;
using Hangfire;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// The recurring job of the maintenance queue that runs <see cref="RetentionPurge"/>. It carries no
/// row id (there is no row to claim: the purge finds its own work and is idempotent), so it is a
/// plain Hangfire job with the pipeline's storage, activator and retry filter, not a <see cref="QueuedJob{TWork}"/>.
/// </summary>
public sealed class RetentionPurgeJob(RetentionPurge purge)
{
    /// <summary>The recurring job's id in Hangfire (the dashboard shows it; a test triggers it).</summary>
    public const string RecurringId = "retention-purge";

    [JobDisplayName("retention purge")]
    public async Task RunAsync(CancellationToken cancellationToken) =>
        await purge.RunAsync(DateTimeOffset.UtcNow, cancellationToken);
}
