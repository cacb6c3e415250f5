using Crashdesk.Core.Audit;
using Crashdesk.Core.Data;
using Crashdesk.Core.KnownIssues;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Groups.Across;

internal sealed class AcrossOrganizationGroupService(CrashdeskDbContext db, IKnownIssueService knownIssues, IAuditLog audit)
    : IAcrossOrganizationGroupService
{
    public Task<IReadOnlyList<ServedOrganization>> ServedAsync(Caller caller, CancellationToken cancellationToken = default) =>
        ServedOrganizations.OfAsync(db, caller, cancellationToken);

    public async Task<AcrossGroupList> ListAsync(Caller caller, AcrossGroupQuery query, CancellationToken cancellationToken = default)
    {
        var served = await SeveralAsync(caller, cancellationToken);
        var entries = await AcrossGroupQueries.EntriesAsync(db, [.. served.Select(o => o.Id)], [], query.Text, query.CrashClass, AcrossGroupList.MaxGroups, cancellationToken);
        // The SQL chose these signatures in this order (and at most MaxGroups of them); its rows come unordered.
        var ranked = AcrossGroupQueries.BySignature(entries)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Sum(e => e.CaseCount))
            .ThenByDescending(g => g.Max(e => e.LastSeen))
            .ThenBy(g => g.Key.Signature, StringComparer.Ordinal)
            .ToList();
        return new AcrossGroupList(served, await AcrossGroupQueries.AssembleAsync(db, served, ranked, cancellationToken));
    }

    public async Task<AcrossGroup?> GetAsync(Caller caller, string signature, CancellationToken cancellationToken = default)
    {
        var served = await SeveralAsync(caller, cancellationToken);
        var entries = await AcrossGroupQueries.EntriesAsync(db, [.. served.Select(o => o.Id)], [signature], null, null, null, cancellationToken);
        var groups = await AcrossGroupQueries.AssembleAsync(db, served, [.. AcrossGroupQueries.BySignature(entries)], cancellationToken);
        return groups.OrderByDescending(g => g.SignatureVersion).FirstOrDefault();
    }

    public async Task<IReadOnlyList<AlsoSeenIn>?> AlsoSeenInAsync(Caller caller, Guid groupId, CancellationToken cancellationToken = default)
    {
        var signatures = await SignaturesAsync(caller, groupId, cancellationToken);
        if (signatures is null)
            return null;
        var served = await ServedOrganizations.OfAsync(db, caller, cancellationToken);
        if (served.Count < 2 || signatures.Length == 0)
            return [];
        var names = served.ToDictionary(o => o.Id, o => o.Name);
        var entries = await AcrossGroupQueries.EntriesAsync(db, [.. names.Keys], signatures, null, null, null, cancellationToken);
        return [.. entries.Where(e => e.OrganizationId != caller.OrganizationId)
            .GroupBy(e => e.GroupId)
            .Select(g => g.First())
            .OrderByDescending(e => e.CaseCount).ThenBy(e => names[e.OrganizationId], StringComparer.CurrentCulture)
            .Select(e => new AlsoSeenIn(e.OrganizationId, names[e.OrganizationId], e.GroupId, e.CaseCount, e.LastSeen))];
    }

    public async Task<IReadOnlyList<KnownIssueSuggestion>?> KnownIssueSuggestionsAsync(Caller caller, Guid groupId, CancellationToken cancellationToken = default)
    {
        var others = await AlsoSeenInAsync(caller, groupId, cancellationToken);
        if (others is null)
            return null;
        if (others.Count == 0 || await db.KnownIssues.AnyAsync(k => k.GroupId == groupId, cancellationToken))
            return [];
        var suggestions = new List<KnownIssueSuggestion>();
        foreach (var other in others)
        {
            // Read as a caller of that organisation, with the caller's role there: the known-issue service scopes by it.
            var there = caller with { OrganizationId = other.OrganizationId };
            if (await knownIssues.GetForGroupAsync(there, other.GroupId, cancellationToken) is { } issue)
                suggestions.Add(new KnownIssueSuggestion(other.OrganizationId, other.OrganizationName, other.GroupId, issue));
        }
        return suggestions;
    }

    public async Task<KnownIssueView?> CopyKnownIssueAsync(Caller caller, Guid groupId, Guid fromOrganizationId, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var group = await db.CrashGroups.AsNoTracking().Where(g => g.Id == groupId && g.OrganizationId == caller.OrganizationId)
            .Select(g => new { g.Title }).FirstOrDefaultAsync(cancellationToken);
        if (group is null)
            return null;
        if (await db.KnownIssues.AnyAsync(k => k.GroupId == groupId, cancellationToken))
            throw new KnownIssueConflictException($"\"{group.Title}\" is a known issue already: edit it instead");
        var suggestions = await KnownIssueSuggestionsAsync(caller, groupId, cancellationToken) ?? [];
        var source = suggestions.FirstOrDefault(s => s.OrganizationId == fromOrganizationId)
            ?? throw new ValidationException("fromOrganizationId",
                $"no organisation {fromOrganizationId} you serve as engineer or administrator has this crash's signature as a known issue");
        var copied = await knownIssues.PutAsync(caller, groupId, new KnownIssueInput
        {
            Title = source.Issue.Title, Links = source.Issue.Links, FixedIn = source.Issue.FixedIn,
            Workaround = source.Issue.Workaround, CaptureAdvice = source.Issue.CaptureAdvice,
        }, expectedVersion: 0, cancellationToken);
        if (copied is null)
            return null;
        // The timeline is read by the organisation's customers too: it names the issue, never where it was copied from.
        string actor = await CaseTimeline.ActorNameAsync(db, caller, cancellationToken);
        foreach (var caseId in await db.Cases.Where(c => c.GroupId == groupId).Select(c => c.Id).ToListAsync(cancellationToken))
            CaseTimeline.Record(db, caseId, caller.UserId, actor, CaseTimeline.KnownIssueKind, null, copied.Title);
        await audit.AddAsync(caller, AuditAction.KnownIssueCopy, new AuditTarget("knownissue", copied.Id, null, new Dictionary<string, string>
        {
            ["groupId"] = groupId.ToString(),
            ["sourceKnownIssueId"] = source.Issue.Id.ToString(),
        }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return copied;
    }

    /// <summary>The signatures whose cases are in the group: its own and those of groups merged into it; null when it is not the caller's organisation's.</summary>
    private async Task<string[]?> SignaturesAsync(Caller caller, Guid groupId, CancellationToken cancellationToken)
    {
        var rows = await db.CrashGroups.AsNoTracking()
            .Where(g => g.OrganizationId == caller.OrganizationId && (g.Id == groupId || g.MergedIntoId == groupId))
            .Select(g => new { g.Id, g.Signature }).ToListAsync(cancellationToken);
        if (!rows.Any(r => r.Id == groupId))
            return null;
        return [.. rows.Where(r => r.Signature is not null).Select(r => r.Signature!)];
    }

    private async Task<IReadOnlyList<ServedOrganization>> SeveralAsync(Caller caller, CancellationToken cancellationToken)
    {
        var served = await ServedOrganizations.OfAsync(db, caller, cancellationToken);
        if (served.Count >= 2)
            return served;
        throw new NotServingSeveralOrganizationsException(caller.ApiKeyId is not null && caller.IsStaff
            ? "Crash groups across organisations need engineer or administrator in two or more organisations, and an API key made with allOrganizations; this key or its user serves one organisation."
            : "Crash groups across organisations need engineer or administrator in two or more organisations; you serve " +
              (served.Count == 0 ? "none as engineer or administrator here." : "only this one."));
    }
}
