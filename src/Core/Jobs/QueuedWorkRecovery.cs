using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// At start-up, enqueues every open row that no Hangfire job carries: analyses queued by a version
/// that ran on the previous job engine (an upgrade in place), and rows whose process died between the insert and the
/// enqueue. Concurrent hosts split the rows (<see cref="WorkLeases.TakeUnqueuedAsync"/>), and the
/// claim makes a second job on one row a no-op, so nothing is lost and nothing runs twice.
/// Registered after the migration service, so the columns exist when it runs.
/// </summary>
internal sealed class QueuedWorkRecovery(WorkLeases leases, IJobQueue queue, WorkerIdentity worker, ILogger<QueuedWorkRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var marker = $"recovering:{worker.Name}";
        int analyses = await RecoverAsync<AnalyzeArtifactWork>(marker, cancellationToken);
        int kernels = await RecoverAsync<BuildKernelProfileWork>(marker, cancellationToken);
        int imports = await RecoverAsync<ImportSosreportWork>(marker, cancellationToken);
        int unpacks = await RecoverAsync<UnpackArchiveWork>(marker, cancellationToken);
        int fetches = await RecoverAsync<FetchDebugKernelWork>(marker, cancellationToken);
        if (analyses + kernels + imports + unpacks + fetches > 0)
            logger.LogInformation("Queued again at start-up: {Analyses} analyses, {Kernels} debug kernels, {Imports} sosreport imports, {Unpacks} archive unpacks, {Fetches} debuginfod fetches",
                analyses, kernels, imports, unpacks, fetches);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<int> RecoverAsync<TWork>(string marker, CancellationToken cancellationToken) where TWork : class, IQueuedWork
    {
        var ids = await leases.TakeUnqueuedAsync(TWork.Table, marker, cancellationToken);
        foreach (var id in ids)
            await queue.EnqueueAsync<TWork>(id, cancellationToken);
        return ids.Count;
    }
}
