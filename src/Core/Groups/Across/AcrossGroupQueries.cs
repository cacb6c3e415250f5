using Crashdesk.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Groups.Across;

/// <summary>
/// The SQL of the cross-organisation view. Every statement takes the served organisations' ids and
/// reads nothing else: the only scoping there is, so it is in the WHERE clause of each query, not left
/// to a later filter.
/// </summary>
internal static class AcrossGroupQueries
{
    /// <summary>One organisation's live group of a signature, with its case counts.</summary>
    public sealed record Entry(
        string Signature, int SignatureVersion, Guid OrganizationId, Guid GroupId, string Title, string? CrashClass, string? GuiltyFrame,
        int CaseCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

    /// <summary>
    /// The groups of signatures (string and version) that two or more of <paramref name="organizations"/>
    /// have, optionally only <paramref name="signatures"/>, where some organisation's group matches the
    /// filters. A signature's group that was merged is followed to the group it was merged into (one hop:
    /// merges keep chains at one), as the assigner puts later cases there; groups without cases are left out.
    /// With <paramref name="take"/>, only the entries of that many signatures, in the list's order: most
    /// organisations, most cases, newest case, then the signature. Counts are the groups' own counters
    /// (migrations/0017_crash_group_counts.sql): one row per group, however many cases there are.
    /// </summary>
    public static async Task<IReadOnlyList<Entry>> EntriesAsync(
        CrashdeskDbContext db, Guid[] organizations, string[] signatures, string? text, string? crashClass, int? take, CancellationToken cancellationToken)
    {
        string? pattern = string.IsNullOrWhiteSpace(text) ? null : "%" + EscapeLike(text.Trim()) + "%";
        string? exact = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        crashClass = string.IsNullOrWhiteSpace(crashClass) ? null : crashClass.Trim();
        // keyed: one row per group of a signature in a served organisation (the group itself, or the one it was merged
        // into), so per signature each organisation counts once: the unique (organization_id, signature) index.
        // Inlined twice on purpose: once narrow for the ranking, once through that index for the ranked signatures only.
        return await db.Database.SqlQuery<Entry>($"""
            WITH keyed AS NOT MATERIALIZED (
                SELECT g.signature, coalesce(g.signature_version, 0) AS signature_version, g.organization_id, g.id, g.title, g.crash_class, g.guilty_frame,
                       g.case_count, g.first_seen, g.last_seen
                  FROM crash_groups g
                 WHERE g.organization_id = ANY({organizations}) AND g.signature IS NOT NULL AND g.merged_into_id IS NULL AND g.case_count > 0
                   AND (cardinality({signatures}) = 0 OR g.signature = ANY({signatures}))
                UNION ALL
                SELECT g.signature, coalesce(g.signature_version, 0), l.organization_id, l.id, l.title, l.crash_class, l.guilty_frame,
                       l.case_count, l.first_seen, l.last_seen
                  FROM crash_groups g
                  JOIN crash_groups l ON l.id = g.merged_into_id AND l.merged_into_id IS NULL
                 WHERE g.organization_id = ANY({organizations}) AND l.organization_id = ANY({organizations}) AND g.signature IS NOT NULL
                   AND g.merged_into_id IS NOT NULL AND l.case_count > 0
                   AND (cardinality({signatures}) = 0 OR g.signature = ANY({signatures}))),
            shared AS MATERIALIZED (
                SELECT signature, signature_version FROM keyed GROUP BY signature, signature_version
                HAVING count(*) > 1
                   AND bool_or(({crashClass}::text IS NULL OR crash_class = {crashClass})
                               AND ({pattern}::text IS NULL OR title ILIKE {pattern} OR guilty_frame ILIKE {pattern} OR signature = {exact}))
                 ORDER BY count(*) DESC, sum(case_count) DESC, max(last_seen) DESC, signature COLLATE "C"
                 LIMIT {take}::int)
            SELECT k.signature AS "Signature", k.signature_version AS "SignatureVersion", k.organization_id AS "OrganizationId", k.id AS "GroupId",
                   k.title AS "Title", k.crash_class AS "CrashClass", k.guilty_frame AS "GuiltyFrame",
                   k.case_count AS "CaseCount", k.first_seen AS "FirstSeen", k.last_seen AS "LastSeen"
              FROM keyed k
              JOIN shared USING (signature, signature_version)
             WHERE k.signature = ANY(ARRAY(SELECT signature FROM shared))
            """).ToListAsync(cancellationToken);
    }

    /// <summary>The entries by signature (<see cref="EntriesAsync"/> returns only signatures of two or more organisations, each once per organisation).</summary>
    public static IEnumerable<IGrouping<(string Signature, int Version), Entry>> BySignature(IEnumerable<Entry> entries) =>
        entries.GroupBy(e => (e.Signature, e.SignatureVersion));

    /// <summary>The cross-organisation groups of <paramref name="ranked"/> (in that order), with each group's kernel releases and known issue.</summary>
    public static async Task<IReadOnlyList<AcrossGroup>> AssembleAsync(
        CrashdeskDbContext db, IReadOnlyList<ServedOrganization> served, IReadOnlyList<IGrouping<(string Signature, int Version), Entry>> ranked,
        CancellationToken cancellationToken)
    {
        var groupIds = ranked.SelectMany(g => g).Select(e => e.GroupId).Distinct().ToArray();
        if (groupIds.Length == 0)
            return [];
        var releases = (await db.Database.SqlQuery<ReleaseRow>($"""
                SELECT group_id AS "GroupId", kernel_release AS "KernelRelease", count(*)::int AS "Cases"
                  FROM cases WHERE group_id = ANY({groupIds}) GROUP BY group_id, kernel_release
                """).ToListAsync(cancellationToken))
            .ToLookup(r => r.GroupId);
        var issues = (await db.KnownIssues.AsNoTracking().Where(k => groupIds.Contains(k.GroupId))
                .Select(k => new { k.GroupId, k.Id, k.Title, k.FixedIn }).ToListAsync(cancellationToken))
            .ToDictionary(k => k.GroupId, k => new AcrossKnownIssue(k.Id, k.Title, k.FixedIn));
        var names = served.ToDictionary(o => o.Id, o => o.Name);
        return [.. ranked.Select(g =>
        {
            var biggest = g.OrderByDescending(e => e.CaseCount).ThenByDescending(e => e.LastSeen).First();
            var organizations = g.OrderByDescending(e => e.CaseCount).ThenBy(e => names[e.OrganizationId], StringComparer.CurrentCulture)
                .Select(e => new AcrossOrganizationGroup(e.OrganizationId, names[e.OrganizationId], e.GroupId, e.Title, e.CaseCount, e.FirstSeen, e.LastSeen,
                    [.. releases[e.GroupId].OrderByDescending(r => r.Cases).ThenBy(r => r.KernelRelease, StringComparer.Ordinal)
                        .Select(r => new KernelReleaseCount(r.KernelRelease, r.Cases))],
                    issues.GetValueOrDefault(e.GroupId)))
                .ToList();
            return new AcrossGroup(g.Key.Signature, g.Key.Version, biggest.Title, biggest.CrashClass, biggest.GuiltyFrame,
                g.Sum(e => e.CaseCount), g.Min(e => e.FirstSeen), g.Max(e => e.LastSeen), organizations);
        })];
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private sealed record ReleaseRow(Guid GroupId, string? KernelRelease, int Cases);
}
