using Crashdesk.Core.Options;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// Registers (or updates) <see cref="RetentionPurgeJob"/> as a recurring job on the maintenance queue
/// when a job-executing process starts. Hangfire's recurring scheduler fires it once per occurrence
/// however many workers run (it takes a distributed lock in the job storage).
/// </summary>
internal sealed class RetentionSchedule(JobStorage storage, IJobFilterProvider filters, IOptions<RetentionOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var manager = new RecurringJobManager(storage, filters);
        manager.AddOrUpdate<RetentionPurgeJob>(RetentionPurgeJob.RecurringId, JobQueues.Maintenance,
            j => j.RunAsync(CancellationToken.None), options.Value.Schedule, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
