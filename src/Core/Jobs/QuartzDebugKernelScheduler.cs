using Quartz;

namespace Crashdesk.Core.Jobs;

/// <summary>One durable Quartz job + fire-now trigger per debug kernel, keyed by its id (the same pattern as <see cref="QuartzAnalysisScheduler"/>).</summary>
internal sealed class QuartzDebugKernelScheduler(ISchedulerFactory schedulers) : IDebugKernelScheduler
{
    public async Task ScheduleAsync(Guid debugKernelId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var name = $"debug-kernel-{debugKernelId:N}";
        var job = JobBuilder.Create<BuildKernelProfileJob>()
            .WithIdentity(name, BuildKernelProfileJob.Group)
            .UsingJobData(BuildKernelProfileJob.DebugKernelIdKey, debugKernelId.ToString())
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(name, BuildKernelProfileJob.Group)
            .StartNow()
            .Build();
        await scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken);
    }
}
