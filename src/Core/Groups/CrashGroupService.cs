using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Paging;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Groups;

internal sealed class CrashGroupService(CrashdeskDbContext db, IReportService reports) : ICrashGroupService
{
    /// <summary>The timeline kind of a person's grouping change.</summary>
    public const string TimelineKind = "group";

    private const int MaxSplitCases = CrashGroupView.MaxCases;
    private const int LogExcerptLines = 40;

    public async Task<CrashGroupPage> ListAsync(Caller caller, CrashGroupQuery query, CancellationToken cancellationToken = default)
    {
        int pageSize = Math.Clamp(query.PageSize, 1, CrashGroupQuery.MaxPageSize);
        int page = Math.Max(query.Page, 1);
        var rows = await QueryAsync(caller, query, pageSize, (page - 1) * pageSize, null, cancellationToken);
        return new CrashGroupPage(rows.Count > 0 ? (int)rows[0].Total : 0, page, pageSize, [.. rows.Select(r => r.ToSummary())]);
    }

    public async Task<CrashGroupCursorPage> ListAsync(Caller caller, CrashGroupQuery query, PageRequest request, CancellationToken cancellationToken = default)
    {
        var keyset = Keyset(query);
        string scope = string.Join('\u001f', "groups", caller.OrganizationId, query.Text?.Trim(), query.CrashClass?.Trim(), query.Sort == "cases");
        var position = KeysetPager.Decode(request, scope) is { } decoded ? keyset.Read(decoded.Keys) : null;
        var rows = await QueryAsync(caller, query, request.Limit + 1, 0, position, cancellationToken);
        bool more = rows.Count > request.Limit;
        var groups = rows.Take(request.Limit).Select(r => r.ToSummary()).ToList();
        return new CrashGroupCursorPage(groups, more ? CursorCodec.Encode(scope, keyset.PositionOf(groups[^1])) : null,
            rows.Count > 0 ? (int)rows[0].Total : 0);
    }

    /// <summary>
    /// The list's keys (most cases first when sorted so, then the newest last-seen, then the id); the SQL of
    /// <see cref="QueryAsync"/> orders and seeks by the same keys, none of them NULL (a listed group has cases).
    /// </summary>
    private static Keyset<CrashGroupSummary> Keyset(CrashGroupQuery query) => query.Sort == "cases"
        ? Keyset<CrashGroupSummary>.By(g => g.CaseCount, true).ThenBy(g => g.LastSeen, true).ThenBy(g => g.Id)
        : Keyset<CrashGroupSummary>.By(g => g.LastSeen, true).ThenBy(g => g.Id);

    private async Task<List<SummaryRow>> QueryAsync(Caller caller, CrashGroupQuery query, int take, int skip, IReadOnlyList<object?>? after,
        CancellationToken cancellationToken)
    {
        string? pattern = string.IsNullOrWhiteSpace(query.Text) ? null : "%" + EscapeLike(query.Text.Trim()) + "%";
        string? crashClass = string.IsNullOrWhiteSpace(query.CrashClass) ? null : query.CrashClass.Trim();
        bool byCases = query.Sort == "cases";
        // The seek position (keys of Keyset above): cases, last seen, id — or last seen, id.
        int? afterCases = after is null || !byCases ? null : (int)after[0]!;
        DateTimeOffset? afterSeen = after is null ? null : (DateTimeOffset)after[byCases ? 1 : 0]!;
        Guid? afterId = after is null ? null : (Guid)after[byCases ? 2 : 1]!;
        // Two steps, so a page costs one pass over the organisation's (group, created) index and the
        // full statistics of the page's groups only: rank the live groups by cases or last seen,
        // then count customers, releases and open cases for the page. The total is counted before the seek.
        return await db.Database.SqlQuery<SummaryRow>($"""
            WITH ranked AS (
                SELECT c.group_id AS id, count(*)::int AS cases, max(c.created_at) AS last_seen
                  FROM cases c
                 WHERE c.organization_id = {caller.OrganizationId} AND c.group_id IS NOT NULL
                 GROUP BY c.group_id),
            listed AS (
                SELECT r.id, r.cases, r.last_seen, count(*) OVER () AS total
                  FROM ranked r JOIN crash_groups g ON g.id = r.id
                 WHERE g.merged_into_id IS NULL
                   AND ({crashClass}::text IS NULL OR g.crash_class = {crashClass})
                   AND ({pattern}::text IS NULL OR g.title ILIKE {pattern} OR g.guilty_frame ILIKE {pattern} OR g.signature = {query.Text})),
            page AS (
                SELECT l.* FROM listed l
                 WHERE {afterId}::uuid IS NULL
                    OR ({byCases} AND (l.cases < {afterCases}::int OR (l.cases = {afterCases}::int
                        AND (l.last_seen < {afterSeen}::timestamptz OR (l.last_seen = {afterSeen}::timestamptz AND l.id > {afterId}::uuid)))))
                    OR (NOT {byCases} AND (l.last_seen < {afterSeen}::timestamptz OR (l.last_seen = {afterSeen}::timestamptz AND l.id > {afterId}::uuid)))
                 ORDER BY CASE WHEN {byCases} THEN l.cases END DESC NULLS LAST, l.last_seen DESC, l.id
                 LIMIT {take} OFFSET {skip})
            SELECT g.id AS "Id", g.title AS "Title", g.crash_class AS "CrashClass", g.guilty_frame AS "GuiltyFrame",
                   g.signature AS "Signature", g.signature_version AS "SignatureVersion", p.cases AS "CaseCount", s.open AS "OpenCaseCount",
                   s.customers AS "CustomerCount", s.releases AS "KernelReleaseCount", s.first_seen AS "FirstSeen", p.last_seen AS "LastSeen",
                   p.total AS "Total"
              FROM page p
              JOIN crash_groups g ON g.id = p.id
              JOIN LATERAL (SELECT count(*) FILTER (WHERE c.status <> 'closed')::int AS open,
                                   count(DISTINCT c.customer)::int AS customers, count(DISTINCT c.kernel_release)::int AS releases,
                                   min(c.created_at) AS first_seen
                              FROM cases c WHERE c.group_id = p.id) s ON true
             ORDER BY CASE WHEN {byCases} THEN p.cases END DESC NULLS LAST, p.last_seen DESC, p.id
            """).ToListAsync(cancellationToken);
    }

    public async Task<CrashGroupView?> GetAsync(Caller caller, Guid groupId, CancellationToken cancellationToken = default)
    {
        var group = await db.CrashGroups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == groupId && g.OrganizationId == caller.OrganizationId, cancellationToken);
        if (group is null)
            return null;
        var cases = await db.Cases.AsNoTracking().Where(c => c.GroupId == groupId).OrderByDescending(c => c.CreatedAt).Take(CrashGroupView.MaxCases)
            .Select(c => new { c.Id, c.Title, c.Status, c.Customer, c.KernelRelease, c.CreatedAt, c.GroupPinned, c.CrashSignature })
            .ToListAsync(cancellationToken);
        var stats = await db.Cases.AsNoTracking().Where(c => c.GroupId == groupId)
            .GroupBy(c => 1)
            .Select(g => new
            {
                Cases = g.Count(), Open = g.Count(c => c.Status != CaseStatus.Closed),
                Customers = g.Select(c => c.Customer).Distinct().Count(),
                First = g.Min(c => c.CreatedAt), Last = g.Max(c => c.CreatedAt),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var releases = await db.Cases.AsNoTracking().Where(c => c.GroupId == groupId).GroupBy(c => c.KernelRelease)
            .Select(g => new KernelReleaseCount(g.Key, g.Count())).ToListAsync(cancellationToken);
        var weekly = await db.Database.SqlQuery<WeekRow>($"""
            SELECT date_trunc('week', created_at AT TIME ZONE 'UTC')::date AS "WeekStart", count(*)::int AS "Cases"
              FROM cases WHERE group_id = {groupId} GROUP BY 1 ORDER BY 1
            """).ToListAsync(cancellationToken);
        var summary = new CrashGroupSummary(group.Id, group.Title, group.CrashClass, group.GuiltyFrame, group.Signature, group.SignatureVersion,
            stats?.Cases ?? 0, stats?.Open ?? 0, stats?.Customers ?? 0, releases.Count,
            stats?.First ?? group.CreatedAt, stats?.Last ?? group.CreatedAt);
        return new CrashGroupView(summary, group.MergedIntoId,
            [.. cases.Select(c => new CrashGroupCase(c.Id, c.Title, c.Status, c.Customer, c.KernelRelease, c.CreatedAt, c.GroupPinned, c.CrashSignature))],
            [.. releases.OrderByDescending(r => r.Cases).ThenBy(r => r.KernelRelease, StringComparer.Ordinal)],
            [.. weekly.Select(w => new WeeklyCount(DateOnly.FromDateTime(w.WeekStart), w.Cases))],
            await RepresentativeAsync(caller, cases.Select(c => c.Id), cancellationToken))
        {
            MergedIntoTitle = await TitleAsync(group.MergedIntoId, cancellationToken),
        };
    }

    public async Task<bool> MoveCaseAsync(Caller caller, Guid caseId, Guid? groupId, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("move a case to another crash group");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        string actor = await CaseTimeline.ActorNameAsync(db, caller, cancellationToken);
        var kase = await db.Cases.FromSql($"SELECT * FROM cases WHERE id = {caseId} FOR UPDATE")
            .FirstOrDefaultAsync(c => c.OrganizationId == caller.OrganizationId, cancellationToken);
        if (kase is null)
            return false;
        string? before = await TitleAsync(kase.GroupId, cancellationToken);
        if (groupId is { } target)
        {
            var group = await LiveGroupAsync(caller, target, cancellationToken);
            if (group is null)
                return false;
            kase.GroupId = group.Id;
            kase.GroupPinned = true;
            Record(caller, actor, kase.Id, before, $"moved to \"{group.Title}\"");
        }
        else
        {
            // Back to what the signature says: its group (followed through merges), or none.
            Guid? signatureGroup = null;
            if (kase.CrashSignature is { } signature
                && await db.CrashGroups.Where(g => g.OrganizationId == caller.OrganizationId && g.Signature == signature).Select(g => (Guid?)g.Id).FirstOrDefaultAsync(cancellationToken) is { } found)
                signatureGroup = await CrashGroupAssigner.FollowMergesAsync(db, found, cancellationToken);
            kase.GroupId = signatureGroup;
            kase.GroupPinned = false;
            Record(caller, actor, kase.Id, before, $"back to its signature's group \"{await TitleAsync(signatureGroup, cancellationToken) ?? "(none)"}\"");
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> MergeAsync(Caller caller, Guid sourceId, Guid targetId, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("merge crash groups");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        string actor = await CaseTimeline.ActorNameAsync(db, caller, cancellationToken);
        var locked = await db.CrashGroups.FromSql($"SELECT * FROM crash_groups WHERE id IN ({sourceId}, {targetId}) ORDER BY id FOR UPDATE")
            .Where(g => g.OrganizationId == caller.OrganizationId).ToListAsync(cancellationToken);
        var source = locked.FirstOrDefault(g => g.Id == sourceId);
        var target = locked.FirstOrDefault(g => g.Id == targetId);
        // Existence first: another organisation's id gets a 404, never a word about the group.
        if (source is null || target is null)
            return false;
        if (sourceId == targetId)
            throw new CrashGroupConflictException("a group cannot be merged into itself");
        if (source.MergedIntoId is not null)
            throw new CrashGroupConflictException($"\"{source.Title}\" was already merged into another group");
        if (target.MergedIntoId is not null)
            throw new CrashGroupConflictException($"\"{target.Title}\" was merged into another group: merge into that one");
        var moved = await db.Cases.Where(c => c.GroupId == sourceId).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var caseId in moved)
            Record(caller, actor, caseId, source.Title, $"merged into \"{target.Title}\"");
        await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE cases SET group_id = {targetId} WHERE group_id = {sourceId}", cancellationToken);
        // The source's known issue goes with its cases, unless the target is a known issue itself.
        if (!await db.KnownIssues.AnyAsync(k => k.GroupId == targetId, cancellationToken))
            await db.KnownIssues.Where(k => k.GroupId == sourceId).ExecuteUpdateAsync(u => u.SetProperty(k => k.GroupId, targetId), cancellationToken);
        // Groups merged into the source earlier now point at the target: every chain stays one hop.
        await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE crash_groups SET merged_into_id = {targetId}, updated_at = now() WHERE merged_into_id = {sourceId}", cancellationToken);
        source.MergedIntoId = targetId;
        source.UpdatedAt = target.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<Guid?> SplitAsync(Caller caller, Guid groupId, IReadOnlyList<Guid> caseIds, string title, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("split a crash group");
        title = title?.Trim() ?? "";
        if (title.Length == 0 || title.Length > CrashGroup.TitleMax)
            throw new CrashGroupConflictException($"a group's title is 1 to {CrashGroup.TitleMax} characters");
        var ids = caseIds.Distinct().ToList();
        if (ids.Count == 0 || ids.Count > MaxSplitCases)
            throw new CrashGroupConflictException($"choose 1 to {MaxSplitCases} cases to split off");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        string actor = await CaseTimeline.ActorNameAsync(db, caller, cancellationToken);
        var source = await LiveGroupAsync(caller, groupId, cancellationToken);
        if (source is null)
            return null;
        var cases = await db.Cases.Where(c => ids.Contains(c.Id) && c.GroupId == groupId).ToListAsync(cancellationToken);
        if (cases.Count != ids.Count)
            throw new CrashGroupConflictException($"{ids.Count - cases.Count} of the chosen cases are not in \"{source.Title}\"");
        var created = new CrashGroup
        {
            OrganizationId = caller.OrganizationId, Title = title, CrashClass = source.CrashClass, GuiltyFrame = source.GuiltyFrame,
            CreatedByUserId = caller.UserId,
        };
        db.CrashGroups.Add(created);
        foreach (var kase in cases)
        {
            kase.GroupId = created.Id;
            kase.GroupPinned = true;
            Record(caller, actor, kase.Id, source.Title, $"split off into \"{title}\"");
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created.Id;
    }

    private async Task<RepresentativeCrash?> RepresentativeAsync(Caller caller, IEnumerable<Guid> newestFirst, CancellationToken cancellationToken)
    {
        // The newest case with a crash report; a few tries, not a scan of the whole group.
        foreach (var caseId in newestFirst.Take(5))
        {
            var view = await reports.GetLatestAsync(caller, caseId, cancellationToken);
            if (view is not { Report: var report } || report.Triage?.Primary is not { } primary)
                continue;
            var frames = primary.Frames.Select(f => (f.Reliable ? "" : "? ") + f.Function
                + (f.Offset is { } o ? $"+0x{o:x}" + (f.Size is { } s ? $"/0x{s:x}" : "") : "") + (f.Module is { } m ? $" [{m}]" : "")).ToList();
            return new RepresentativeCrash(caseId, primary.Message, frames, LogExcerpt(report, primary.Line));
        }
        return null;
    }

    /// <summary>The kernel log from the report's first line on (its Oops/BUG block), at most <see cref="LogExcerptLines"/> lines.</summary>
    private static IReadOnlyList<string> LogExcerpt(AnalysisReport report, int line)
    {
        if (report.KernelLog is not { Length: > 0 } log || line < 1)
            return [];
        var lines = new List<string>(LogExcerptLines);
        int start = 0;
        for (int n = 1; n < line && start >= 0; n++)
            start = log.IndexOf('\n', start) is int at and >= 0 ? at + 1 : -1;
        while (start >= 0 && start < log.Length && lines.Count < LogExcerptLines)
        {
            int end = log.IndexOf('\n', start);
            lines.Add(end < 0 ? log[start..] : log[start..end]);
            start = end < 0 ? -1 : end + 1;
        }
        return lines;
    }

    private Task<CrashGroup?> LiveGroupAsync(Caller caller, Guid groupId, CancellationToken cancellationToken) =>
        db.CrashGroups.FirstOrDefaultAsync(g => g.Id == groupId && g.OrganizationId == caller.OrganizationId && g.MergedIntoId == null, cancellationToken);

    private async Task<string?> TitleAsync(Guid? groupId, CancellationToken cancellationToken) =>
        groupId is { } id ? await db.CrashGroups.Where(g => g.Id == id).Select(g => g.Title).FirstOrDefaultAsync(cancellationToken) : null;

    private void Record(Caller caller, string actor, Guid caseId, string? before, string after) =>
        CaseTimeline.Record(db, caseId, caller.UserId, actor, TimelineKind, before, after);

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private sealed record SummaryRow(
        Guid Id, string Title, string? CrashClass, string? GuiltyFrame, string? Signature, int? SignatureVersion,
        int CaseCount, int OpenCaseCount, int CustomerCount, int KernelReleaseCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, long Total)
    {
        public CrashGroupSummary ToSummary() =>
            new(Id, Title, CrashClass, GuiltyFrame, Signature, SignatureVersion, CaseCount, OpenCaseCount, CustomerCount, KernelReleaseCount, FirstSeen, LastSeen);
    }

    private sealed record WeekRow(DateTime WeekStart, int Cases);
}
