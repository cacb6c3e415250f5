using Hangfire.States;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// Puts a <see cref="QueuedJob{TWork}"/> back on its own queue whenever it is enqueued again. Hangfire's retry
/// (Failed → Scheduled → Enqueued) and a requeue from the dashboard build a fresh <see cref="EnqueuedState"/>
/// whose queue is "default"; our storage (Hangfire.PostgreSql) does not keep a job's queue itself, and no server
/// listens on "default", so without this every retried analysis would wait there for ever. The queue is the
/// job's first argument (<c>kind</c>), which <see cref="HangfireJobQueue"/> sets from the work's queue.
/// </summary>
internal sealed class KeepQueueOnRetry : IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not EnqueuedState enqueued)
            return;
        var job = context.BackgroundJob?.Job;
        if (job is null || !job.Type.IsGenericType || job.Type.GetGenericTypeDefinition() != typeof(QueuedJob<>))
            return;
        if (job.Args.Count > 0 && job.Args[0] is string queue && JobQueues.All.Contains(queue))
            enqueued.Queue = queue;
    }
}
