using Quartz;

namespace Crashdesk.Core.Jobs;

/// <summary>One durable-store Quartz job + one fire-now trigger per analysis, keyed by the analysis id (so scheduling twice is refused, not doubled).</summary>
internal sealed class QuartzAnalysisScheduler(ISchedulerFactory schedulers) : IAnalysisScheduler
{
    public async Task ScheduleAsync(Guid analysisJobId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var name = $"analysis-{analysisJobId:N}";
        var job = JobBuilder.Create<AnalyzeDumpJob>()
            .WithIdentity(name, AnalyzeDumpJob.Group)
            .UsingJobData(AnalyzeDumpJob.AnalysisJobIdKey, analysisJobId.ToString())
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(name, AnalyzeDumpJob.Group)
            .StartNow()
            .Build();
        await scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken);
    }
}
