using Crashdesk.Core.Data;
using Crashdesk.Core.DataProtection;
using Crashdesk.Core.Debuginfod;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// One debuginfod fetch (a <c>debuginfod_fetches</c> row, claimed by <see cref="QueuedJob{TWork}"/>, on the
/// debug-kernels queue): downloads the vmlinux of the row's build-id (<see cref="DebuginfodDownloader"/>),
/// streams it into the organisation's library through <see cref="StoredUpload"/> (the size cap, the quota,
/// the SHA-256 of what was received) as a pending entry whose origin is the URL, and queues its profile
/// build — the path an upload takes (<see cref="BuildKernelProfileWork"/>), which re-analyses the cases
/// of that build-id once it is ready (<see cref="ReanalysisPlanner"/>). A fetch no server could give ends
/// failed with each server's reason, in the asking case's timeline too; the analysis made without it stands.
/// </summary>
internal sealed class FetchDebugKernelWork(
    CrashdeskDbContext db,
    DebuginfodDownloader downloader,
    StoredUpload upload,
    IJobQueue queue,
    IOptions<DebuginfodServiceOptions> options,
    IOptions<DebugKernelOptions> kernelOptions,
    ILogger<FetchDebugKernelWork> logger) : IQueuedWork
{
    /// <summary>The timeline kind of a fetch's outcome.</summary>
    public const string TimelineKind = "debuginfod";

    public static string Queue => JobQueues.DebugKernels;

    public static WorkTable Table => WorkTable.DebuginfodFetches;

    public async Task RunAsync(Guid id, CancellationToken cancellationToken)
    {
        var fetch = await db.DebuginfodFetches.FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (fetch is null || fetch.Status != AnalysisJobStatus.Running)
            return;
        if (options.Value.Servers.Count == 0)
        {
            await FailAsync(id, "no debuginfod servers are configured (Debuginfod:Servers)", cancellationToken);
            return;
        }
        var ready = await db.DebugKernels.AsNoTracking().FirstOrDefaultAsync(
            d => d.OrganizationId == fetch.OrganizationId && d.BuildId == fetch.BuildId && d.Status == DebugKernelStatus.Ready, cancellationToken);
        if (ready is not null)
        {
            // Uploaded while this waited: nothing to fetch.
            Finish(fetch, ready.Id, ready.Origin);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var root = kernelOptions.Value.TempDirectory is { Length: > 0 } t ? t : Path.GetTempPath();
        var work = Path.Combine(root, $"crashdesk-debuginfod-{Guid.NewGuid():N}");
        try
        {
            var download = await downloader.DownloadAsync(fetch.BuildId, work, cancellationToken);
            if (!download.Succeeded)
            {
                await FailAsync(id, $"no debuginfod server gave build-id {fetch.BuildId}: {string.Join("; ", download.Problems)}", cancellationToken);
                return;
            }
            await StoreAsync(fetch, download.Path!, download.Source!, cancellationToken);
        }
        finally
        {
            if (Directory.Exists(work))
                Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The verified file into the store and the library, the fetch done with it, in one commit; then its profile build queued.</summary>
    private async Task StoreAsync(DebuginfodFetch fetch, string path, Uri source, CancellationToken cancellationToken)
    {
        var entryId = Guid.CreateVersion7();
        var key = BlobKeys.ForDebugKernel(fetch.OrganizationId, entryId);
        string fileName = $"vmlinux-{fetch.BuildId}";
        StoredUpload.Outcome outcome;
        try
        {
            await using var file = File.OpenRead(path);
            outcome = await upload.WriteAsync(fetch.OrganizationId, key, fileName, file, options.Value.MaxBytes, cancellationToken);
        }
        catch (QuotaExceededException e)
        {
            await FailAsync(fetch.Id, $"fetched from {source}, but {e.Message}", cancellationToken);
            return;
        }
        if (outcome.Written is not { } written)
        {
            await FailAsync(fetch.Id, $"fetched from {source}, but not stored: {outcome.Problem}", cancellationToken);
            return;
        }
        db.DebugKernels.Add(new DebugKernelEntry
        {
            Id = entryId,
            OrganizationId = fetch.OrganizationId,
            FileName = fileName,
            StorageKey = key,
            Size = written.Size,
            Sha256 = written.Sha256,
            Origin = source.ToString(),
        });
        Finish(fetch, entryId, source.ToString());
        if (fetch.CaseId is { } caseId)
            CaseTimeline.Record(db, caseId, null, CaseTimeline.ServiceActor, TimelineKind, null,
                $"fetched the debug kernel of build-id {fetch.BuildId} from {source} ({written.Size} bytes, SHA-256 {written.Sha256}); the case is re-analysed with it once its profile is built");
        try
        {
            await upload.CommitAsync(fetch.OrganizationId, key, fileName, written.Size, cancellationToken);
        }
        catch (QuotaExceededException e)
        {
            db.ChangeTracker.Clear();
            await FailAsync(fetch.Id, $"fetched from {source}, but {e.Message}", cancellationToken);
            return;
        }
        logger.LogInformation("Debuginfod fetch {Id}: build-id {BuildId} from {Source} is debug kernel {Entry} ({Size} bytes)",
            fetch.Id, fetch.BuildId, source, entryId, written.Size);
        await queue.EnqueueAsync<BuildKernelProfileWork>(entryId, cancellationToken);
    }

    private void Finish(DebuginfodFetch fetch, Guid debugKernelId, string source)
    {
        fetch.Status = AnalysisJobStatus.Done;
        fetch.DebugKernelId = debugKernelId;
        fetch.SourceUrl = source;
        fetch.Error = null;
        fetch.FinishedAt = DateTimeOffset.UtcNow;
        fetch.RetryAfter = fetch.FinishedAt + options.Value.RememberOutcome;
        fetch.LeaseUntil = null;
    }

    /// <summary>Ends the row failed, remembered for Debuginfod:RememberOutcome, with a timeline row on the case that asked (only when this call ended it).</summary>
    public async Task FailAsync(Guid id, string error, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var remember = options.Value.RememberOutcome;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ended = await db.Database.SqlQuery<Guid?>($"""
            UPDATE debuginfod_fetches SET status = 'failed', error = {error}, finished_at = now(), retry_after = now() + {remember}, lease_until = NULL
             WHERE id = {id} AND status IN ('queued', 'running')
            RETURNING case_id AS "Value"
            """).ToListAsync(cancellationToken);
        if (ended.Count == 1)
        {
            logger.LogWarning("Debuginfod fetch {Id} failed: {Error}", id, error);
            if (ended[0] is { } caseId)
            {
                CaseTimeline.Record(db, caseId, null, CaseTimeline.ServiceActor, TimelineKind, null,
                    $"could not fetch a debug kernel: {error}; the report from kallsyms/BTF stands");
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
