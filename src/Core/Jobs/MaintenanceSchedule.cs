using Crashdesk.Core.Options;
using Crashdesk.Core.Storage.Encryption;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// Registers (or updates) the recurring jobs of the maintenance queue when a job-executing process
/// starts: <see cref="RetentionPurgeJob"/>, <see cref="UploadSessionExpiryJob"/> and, when master keys are configured (the local store seals its
/// objects, the database its webhook secrets), <see cref="RewrapKeysJob"/>.
/// Hangfire's recurring scheduler fires each once per occurrence however many workers run (it takes
/// a distributed lock in the job storage). With more than one master key configured (a rotation in
/// progress) the rewrap is also triggered at once, so the old key can be removed soon after.
/// </summary>
internal sealed class MaintenanceSchedule(
    JobStorage storage,
    IJobFilterProvider filters,
    SecretSealer sealer,
    IOptions<RetentionOptions> retention,
    IOptions<UploadOptions> uploads,
    IOptions<StorageEncryptionOptions> encryption) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var manager = new RecurringJobManager(storage, filters);
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        manager.AddOrUpdate<RetentionPurgeJob>(RetentionPurgeJob.RecurringId, JobQueues.Maintenance,
            j => j.RunAsync(CancellationToken.None), retention.Value.Schedule, utc);
        manager.AddOrUpdate<UploadSessionExpiryJob>(UploadSessionExpiryJob.RecurringId, JobQueues.Maintenance,
            j => j.RunAsync(CancellationToken.None), uploads.Value.SessionCleanupSchedule, utc);
        if (sealer.IsSealing)
        {
            manager.AddOrUpdate<RewrapKeysJob>(RewrapKeysJob.RecurringId, JobQueues.Maintenance,
                j => j.RunAsync(CancellationToken.None), encryption.Value.RewrapSchedule, utc);
            if (encryption.Value.Keys.Count > 1)
                manager.TriggerJob(RewrapKeysJob.RecurringId);
        }
        else
        {
            manager.RemoveIfExists(RewrapKeysJob.RecurringId);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
