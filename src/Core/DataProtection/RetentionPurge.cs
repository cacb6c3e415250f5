using System.Text.Json;
using Crashdesk.Core.Audit;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.DataProtection;

/// <summary>
/// Deletes the objects of raw dumps (artifacts of kind vmcore) older than their organisation's
/// retention policy, except on cases under legal hold and while an analysis of them is queued or
/// running. The artifact row stays, marked purged with the reason; reports, notes, environments
/// and every other artifact are kept. Idempotent: a purged row is never selected again, and a
/// missing object is not an error, so a retried or doubled run does no harm.
/// </summary>
public sealed class RetentionPurge(CrashdeskDbContext db, IBlobStore store, ILogger<RetentionPurge> logger)
{
    /// <summary>Rows per query: a run goes on until nothing is left, so the batch only bounds memory.</summary>
    private const int Batch = 200;

    private sealed record Candidate(Guid Id, Guid CaseId, Guid OrganizationId, string StorageKey, string FileName, long Size, int Days);

    public async Task<PurgeSummary> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        int purged = 0, skipped = 0;
        long bytes = 0;
        var seen = new HashSet<Guid>();
        while (true)
        {
            var batch = await CandidatesAsync(now, cancellationToken);
            batch.RemoveAll(c => !seen.Add(c.Id));
            if (batch.Count == 0)
                break;
            foreach (var candidate in batch)
            {
                if (await PurgeAsync(candidate, now, cancellationToken))
                {
                    purged++;
                    bytes += candidate.Size;
                }
                else
                {
                    skipped++;
                }
            }
        }
        if (purged > 0 || skipped > 0)
            logger.LogInformation("Retention: {Purged} raw dump(s) purged ({Bytes} bytes), {Skipped} left (held or being analysed meanwhile)", purged, bytes, skipped);
        return new PurgeSummary(purged, bytes, skipped);
    }

    private Task<List<Candidate>> CandidatesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<Candidate>($"""
            SELECT a.id AS "Id", a.case_id AS "CaseId", c.organization_id AS "OrganizationId", a.storage_key AS "StorageKey", a.file_name AS "FileName", a.size AS "Size",
                   p.retention_days AS "Days"
              FROM artifacts a
              JOIN cases c ON c.id = a.case_id
              JOIN organization_data_policies p ON p.organization_id = c.organization_id
             WHERE a.purged_at IS NULL AND a.kind = 'vmcore' AND p.retention_days IS NOT NULL
               AND a.uploaded_at <= {now} - make_interval(days => p.retention_days)
               AND NOT EXISTS (SELECT 1 FROM case_legal_holds h WHERE h.case_id = a.case_id)
               AND NOT EXISTS (SELECT 1 FROM analysis_jobs j WHERE j.artifact_id = a.id AND j.status IN ('queued', 'running'))
             ORDER BY a.uploaded_at
             LIMIT {Batch}
            """).ToListAsync(cancellationToken);

    /// <summary>
    /// One dump, in a transaction holding its case's row: placing a legal hold inserts a row that
    /// references the case (a KEY SHARE lock, which FOR UPDATE excludes), so a hold placed meanwhile
    /// either is seen by the re-check here or waits until the object is gone and the row says so.
    /// The object is deleted before the commit: if the store fails, the row stays unpurged and the
    /// next run tries again.
    /// </summary>
    private async Task<bool> PurgeAsync(Candidate candidate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM cases WHERE id = {candidate.CaseId} FOR UPDATE", cancellationToken);
        string reason = $"purged after {candidate.Days} days (the organisation's retention policy)";
        int marked = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE artifacts SET purged_at = {now}, purge_reason = {reason}
             WHERE id = {candidate.Id} AND purged_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM case_legal_holds h WHERE h.case_id = {candidate.CaseId})
               AND NOT EXISTS (SELECT 1 FROM analysis_jobs j WHERE j.artifact_id = {candidate.Id} AND j.status IN ('queued', 'running'))
            """, cancellationToken);
        if (marked == 0)
            return false;
        CaseTimeline.Record(db, candidate.CaseId, null, CaseTimeline.ServiceActor, "artifact-purged", null, $"{candidate.FileName}: {reason}");
        // A deletion is in the audit log too, in the same transaction; the service itself is the actor.
        db.AuditEvents.Add(new AuditEvent
        {
            OrganizationId = candidate.OrganizationId, At = now, ActorName = CaseTimeline.ServiceActor, Action = AuditAction.ArtifactPurge,
            TargetKind = AuditAction.TargetKindOf(AuditAction.ArtifactPurge), TargetId = candidate.Id, CaseId = candidate.CaseId,
            Detail = JsonSerializer.Serialize(new Dictionary<string, string> { ["fileName"] = candidate.FileName, ["reason"] = reason }),
        });
        await db.SaveChangesAsync(cancellationToken);
        await store.DeleteAsync(candidate.StorageKey, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
