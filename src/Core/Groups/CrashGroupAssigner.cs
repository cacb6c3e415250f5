using Crashdesk.Core.Data;
using Crashdesk.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Groups;

/// <summary>
/// Puts a freshly analysed case into the group of its signature, inside the transaction that stores
/// its report: the group is made on the signature's first case (one per organisation, the unique
/// index settles races), a merged group is followed to the group it was merged into, and a case a
/// person placed (<see cref="Domain.Case.GroupPinned"/>) stays where it is — a manual assignment
/// wins over the signature, as Sentry's merges and splits do.
/// </summary>
public static class CrashGroupAssigner
{
    /// <summary>Merges re-point the groups merged into the source, so a chain is one hop; this bounds a corrupt one.</summary>
    private const int MaxMergeHops = 8;

    public static async Task AssignAsync(CrashdeskDbContext db, Guid caseId, Guid organizationId, CaseReportFacts facts, int signatureVersion, CancellationToken cancellationToken)
    {
        Guid? groupId = null;
        if (facts.CrashSignature is { } signature)
        {
            string title = facts.TriageTitle ?? facts.PanicLine ?? signature;
            if (title.Length > Domain.CrashGroup.TitleMax)
                title = title[..Domain.CrashGroup.TitleMax];
            // ToListAsync runs the statement as written: SingleAsync would wrap it in a SELECT, and
            // PostgreSQL allows INSERT … RETURNING only at the top level.
            var ids = await db.Database.SqlQuery<Guid>($"""
                INSERT INTO crash_groups (id, organization_id, signature, signature_version, title, crash_class, guilty_frame, created_at, updated_at)
                VALUES ({Guid.CreateVersion7()}, {organizationId}, {signature}, {signatureVersion}, {title}, {facts.CrashClass}, {facts.GuiltyFrame}, now(), now())
                ON CONFLICT (organization_id, signature) WHERE signature IS NOT NULL DO UPDATE SET updated_at = now()
                RETURNING id AS "Value"
                """).ToListAsync(cancellationToken);
            groupId = await FollowMergesAsync(db, ids.Single(), cancellationToken);
        }
        var before = await db.Cases.Where(c => c.Id == caseId).Select(c => new { c.GroupId, c.GroupPinned }).SingleAsync(cancellationToken);
        if (before.GroupPinned || before.GroupId == groupId)
            return;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE cases SET group_id = {groupId} WHERE id = {caseId} AND NOT group_pinned", cancellationToken);
        // A case that joins a known issue's group is labelled at once; the timeline says when.
        if (groupId is { } joined && await db.KnownIssues.Where(k => k.GroupId == joined).Select(k => k.Title).FirstOrDefaultAsync(cancellationToken) is { } known)
            Services.CaseTimeline.Record(db, caseId, null, Services.CaseTimeline.ServiceActor, Services.CaseTimeline.KnownIssueKind, null, known);
    }

    /// <summary>The live group a (possibly merged) group's cases belong to.</summary>
    public static async Task<Guid> FollowMergesAsync(CrashdeskDbContext db, Guid groupId, CancellationToken cancellationToken)
    {
        for (int hop = 0; hop < MaxMergeHops; hop++)
        {
            var next = await db.CrashGroups.Where(g => g.Id == groupId).Select(g => g.MergedIntoId).SingleAsync(cancellationToken);
            if (next is not { } target)
                return groupId;
            groupId = target;
        }
        return groupId;
    }
}
