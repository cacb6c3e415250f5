using Crashdesk.Core.Archives;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Environments.Sosreport;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// One archive's unpacking (an <c>archive_unpacks</c> row, claimed by <see cref="QueuedJob{TWork}"/> on the
/// maintenance queue): <see cref="ArchiveUnpacker"/> streams its members into artifacts, then one
/// transaction records the result, the case's timeline row and the follow-up work — an analysis per dump
/// (a console log beside a dump is kept but not analysed on its own: the dump's analysis reads the kernel
/// log from the dump), an analysis per console log when there is no dump, an import per sosreport — which
/// is queued after the commit. A retry (a worker died, the store failed) first removes what an earlier
/// attempt stored, so no member is taken twice.
/// </summary>
internal sealed class UnpackArchiveWork(
    CrashdeskDbContext db,
    IBlobStore store,
    IJobQueue queue,
    ArchiveUnpacker unpacker,
    ILogger<UnpackArchiveWork> logger) : IQueuedWork
{
    public const string TimelineKind = "archive-unpacked";

    public static string Queue => JobQueues.Maintenance;

    public static WorkTable Table => WorkTable.ArchiveUnpacks;

    public async Task RunAsync(Guid id, CancellationToken cancellationToken)
    {
        var unpack = await db.ArchiveUnpacks.AsNoTracking().FirstAsync(u => u.Id == id, cancellationToken);
        var archive = await db.Artifacts.AsNoTracking().FirstAsync(a => a.Id == unpack.ArtifactId, cancellationToken);
        var organizationId = await db.Cases.Where(c => c.Id == unpack.CaseId).Select(c => c.OrganizationId).FirstAsync(cancellationToken);
        await RemoveEarlierAttemptAsync(archive.Id, cancellationToken);
        await SetProgressAsync(id, 10, "reading the archive", cancellationToken);
        if (!await store.ExistsAsync(archive.StorageKey, cancellationToken))
        {
            await FailAsync(id, JobFailures.Describe(new BlobNotFoundException(archive.StorageKey), archive.StorageKey, archive.FileName), CancellationToken.None);
            return;
        }
        var built = await unpacker.UnpackAsync(archive, organizationId,
            share => SetProgressAsync(id, 10 + (int)(share * 80), "unpacking", cancellationToken), cancellationToken);
        var result = built.Build();

        var taken = await db.Artifacts.Where(a => a.FromArchiveId == archive.Id).ToListAsync(cancellationToken);
        bool hasDump = taken.Any(a => a.Kind == ArtifactKind.Vmcore);
        var jobs = taken.Where(a => a.Kind == ArtifactKind.Vmcore || (a.Kind == ArtifactKind.ConsoleLog && !hasDump))
            .Select(a => new AnalysisJob { CaseId = archive.CaseId, ArtifactId = a.Id, Reason = "uploaded" }).ToList();
        var imports = taken.Where(a => a.Kind == ArtifactKind.Sosreport)
            .Select(a => new EnvironmentImport { CaseId = archive.CaseId, ArtifactId = a.Id, CreatedByUserId = unpack.CreatedByUserId }).ToList();
        db.AnalysisJobs.AddRange(jobs);
        db.EnvironmentImports.AddRange(imports);
        string? actor = unpack.CreatedByUserId is { } userId
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken)
            : null;
        CaseTimeline.Record(db, archive.CaseId, unpack.CreatedByUserId, actor ?? CaseTimeline.ServiceActor, TimelineKind, null,
            result.Summary(ArchivePath.Display(archive.FileName)));
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE archive_unpacks SET status = 'done', progress = 100, progress_message = 'done', finished_at = now(), lease_until = NULL,
                       result = {result.ToJson()}::jsonb
                 WHERE id = {id}
                """, cancellationToken);
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE cases SET updated_at = now() WHERE id = {archive.CaseId}", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        logger.LogInformation("Unpack {UnpackId}: {Taken} taken, {Refused} refused, {Skipped} skipped", id, result.Taken, result.Refused, result.Skipped);

        // Queued after the commit: a queue that cannot take a job fails its row, with the reason (as an upload's).
        foreach (var job in jobs)
            await queue.EnqueueAsync<AnalyzeArtifactWork>(job.Id, cancellationToken);
        foreach (var import in imports)
            await queue.EnqueueAsync<ImportSosreportWork>(import.Id, cancellationToken);
    }

    public Task FailAsync(Guid id, string error, CancellationToken cancellationToken) =>
        ProgressRows.FailAsync(db, Table, id, error, cancellationToken);

    /// <summary>What an interrupted attempt stored (its follow-up work is only written at the end, so there is none): objects first, then rows.</summary>
    private async Task RemoveEarlierAttemptAsync(Guid archiveId, CancellationToken cancellationToken)
    {
        var earlier = await db.Artifacts.Where(a => a.FromArchiveId == archiveId).ToListAsync(cancellationToken);
        if (earlier.Count == 0)
            return;
        foreach (var artifact in earlier)
            await store.DeleteAsync(artifact.StorageKey, cancellationToken);
        db.Artifacts.RemoveRange(earlier);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Unpack of {ArchiveId}: removed {Count} members an earlier attempt stored", archiveId, earlier.Count);
    }

    private Task SetProgressAsync(Guid id, int percent, string message, CancellationToken cancellationToken) =>
        ProgressRows.SetProgressAsync(db, Table, id, percent, message, cancellationToken);
}
