using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Jobs;

/// <summary><see cref="IJobQueue"/> on Hangfire: one <see cref="QueuedJob{TWork}"/> per row, on the work's queue.</summary>
internal sealed class HangfireJobQueue(
    IBackgroundJobClient client,
    WorkLeases leases,
    IServiceScopeFactory scopes,
    ILogger<HangfireJobQueue> logger) : IJobQueue
{
    public async Task<bool> EnqueueAsync<TWork>(Guid id, CancellationToken cancellationToken = default) where TWork : class, IQueuedWork
    {
        try
        {
            string queueName = TWork.Queue;
            var job = Job.FromExpression<QueuedJob<TWork>>(j => j.RunAsync(queueName, id, CancellationToken.None));
            // Hangfire's client is synchronous (one INSERT and a NOTIFY): keep it off the caller's thread.
            var jobId = await Task.Run(() => client.Create(job, new EnqueuedState(queueName)), cancellationToken);
            await leases.SetQueueJobAsync(TWork.Table, id, jobId, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not queue {Queue} work on {Table} {Id}", TWork.Queue, TWork.Table.Name, id);
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TWork>().FailAsync(id, $"could not be queued: {JobFailures.Describe(e)}", CancellationToken.None);
            return false;
        }
    }
}
