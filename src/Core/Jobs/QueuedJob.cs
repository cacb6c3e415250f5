using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Crashdesk.Core.Options;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// The one Hangfire job type: carries the work's kind and a row id, claims the row and runs
/// <typeparamref name="TWork"/> on it. Exactly once per row: the claim is one UPDATE with a lease, so
/// a duplicate fire finds the row finished (nothing to do) or held (retried later, in case its
/// holder dies). Cancellation (server shutdown) hands the row back uncounted and rethrows, so
/// Hangfire requeues the job. A transient failure hands the row back counted and rethrows, so
/// Hangfire's retry (with back-off) runs it again; the last allowed attempt marks the row failed.
/// </summary>
public sealed class QueuedJob<TWork>(
    IServiceScopeFactory scopes,
    WorkLeases leases,
    WorkerIdentity worker,
    IOptions<WorkerOptions> options,
    ILogger<QueuedJob<TWork>> logger)
    where TWork : class, IQueuedWork
{
    /// <param name="kind">The queue name, for people reading the dashboard ("analysis 0193…").</param>
    /// <param name="id">The row id.</param>
    /// <param name="cancellationToken">Hangfire passes its shutdown token here.</param>
    [JobDisplayName("{0} {1}")]
    public async Task RunAsync(string kind, Guid id, CancellationToken cancellationToken)
    {
        _ = kind;
        var table = TWork.Table;
        var claim = await leases.ClaimAsync(table, id, worker.Name, cancellationToken);
        switch (claim.Result)
        {
            case WorkClaimResult.Finished:
                logger.LogInformation("{Table} {Id} is finished or gone; nothing to do", table.Name, id);
                return;
            case WorkClaimResult.Busy:
                // Another worker holds it. Thrown, not returned: if that worker dies, this retry finishes the job.
                throw new WorkInProgressException($"{table.Name} {id} is being worked on by another worker");
            case WorkClaimResult.Exhausted:
                await FailAsync(id, $"gave up after {claim.Attempt} attempts (the worker stopped or failed each time)");
                return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<TWork>();
        try
        {
            await using (leases.Keep(table, id, worker.Name))
                await work.RunAsync(id, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await leases.ReleaseAsync(table, id, worker.Name, "interrupted (worker shutdown); will be retried", countAttempt: false);
            throw;
        }
        catch (Exception e) when (claim.Attempt < options.Value.MaxAttempts)
        {
            logger.LogWarning(e, "{Table} {Id}: attempt {Attempt} failed; it will be retried", table.Name, id, claim.Attempt);
            await leases.ReleaseAsync(table, id, worker.Name, $"attempt {claim.Attempt} failed ({JobFailures.Describe(e)}); will be retried", countAttempt: true);
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Table} {Id}: attempt {Attempt} failed; giving up", table.Name, id, claim.Attempt);
            await FailAsync(id, $"failed {claim.Attempt} times; the last error: {JobFailures.Describe(e)}");
        }
    }

    private async Task FailAsync(Guid id, string error)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TWork>().FailAsync(id, error, CancellationToken.None);
    }
}
