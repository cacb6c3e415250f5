using Quartz;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// The Quartz job: carries only the analysis id and hands it to <see cref="AnalysisRunner"/>.
/// Registered with RequestRecovery, so when the node running it dies, another node of the
/// cluster re-runs it.
/// </summary>
public sealed class AnalyzeDumpJob(AnalysisRunner runner) : IJob
{
    public const string Group = "analyses";
    public const string AnalysisJobIdKey = "analysisJobId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var raw = context.MergedJobDataMap.GetString(AnalysisJobIdKey);
        if (!Guid.TryParse(raw, out var id))
            throw new JobExecutionException($"job {context.JobDetail.Key} has no valid '{AnalysisJobIdKey}' (got '{raw}')");
        await runner.RunAsync(id, context.Scheduler.SchedulerInstanceId, cancellationToken);
    }
}
