using Quartz;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// The Quartz job for one uploaded debug kernel: carries only the row id and hands it to
/// <see cref="DebugKernelProcessor"/>. RequestRecovery: a node dying mid-build hands it to another.
/// </summary>
public sealed class BuildKernelProfileJob(DebugKernelProcessor processor) : IJob
{
    public const string Group = "debug-kernels";
    public const string DebugKernelIdKey = "debugKernelId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var raw = context.MergedJobDataMap.GetString(DebugKernelIdKey);
        if (!Guid.TryParse(raw, out var id))
            throw new JobExecutionException($"job {context.JobDetail.Key} has no valid '{DebugKernelIdKey}' (got '{raw}')");
        await processor.RunAsync(id, cancellationToken);
    }
}
