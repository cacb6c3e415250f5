using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.KnownIssues;

internal sealed class KnownIssueService(CrashdeskDbContext db) : IKnownIssueService
{
    public async Task<IReadOnlyList<KnownIssueView>> ListAsync(Caller caller, CancellationToken cancellationToken = default) =>
        await Views(db.KnownIssues.Where(k => k.OrganizationId == caller.OrganizationId)).ToListAsync(cancellationToken);

    public async Task<KnownIssueView?> GetForGroupAsync(Caller caller, Guid groupId, CancellationToken cancellationToken = default) =>
        await Views(db.KnownIssues.Where(k => k.OrganizationId == caller.OrganizationId && k.GroupId == groupId))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<KnownIssueView?> PutAsync(Caller caller, Guid groupId, KnownIssueInput input, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("mark or edit a known issue");
        var valid = KnownIssueRules.Validate(input);
        var group = await db.CrashGroups.FirstOrDefaultAsync(g => g.Id == groupId && g.OrganizationId == caller.OrganizationId, cancellationToken);
        if (group is null)
            return null;
        if (group.MergedIntoId is not null)
            throw new KnownIssueConflictException($"\"{group.Title}\" was merged into another group: mark that one as the known issue");
        var issue = await db.KnownIssues.FirstOrDefaultAsync(k => k.GroupId == groupId, cancellationToken);
        if (expectedVersion is { } expected && (issue?.Version ?? 0) != expected)
            throw new KnownIssueConflictException(issue is null
                ? "the group is not a known issue any more"
                : $"the known issue was edited meanwhile (now version {issue.Version}); reload and edit again");
        var now = DateTimeOffset.UtcNow;
        if (issue is null)
        {
            issue = new KnownIssue { OrganizationId = caller.OrganizationId, GroupId = groupId, Title = valid.Title, CreatedByUserId = caller.UserId, CreatedAt = now };
            db.KnownIssues.Add(issue);
        }
        else
            issue.Version++;
        issue.Title = valid.Title;
        issue.Links = [.. valid.Links];
        issue.FixedIn = [.. valid.FixedIn];
        issue.Workaround = valid.Workaround;
        issue.CaptureAdvice = valid.CaptureAdvice;
        issue.UpdatedByUserId = caller.UserId;
        issue.UpdatedAt = now;
        Webhooks.WebhookEvents.GroupKnownIssue(db, caller.OrganizationId, groupId, group.Title, issue.Version == 1 ? "marked" : "edited", issue);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone marked the group (or edited the issue) between our read and write.
            throw new KnownIssueConflictException("the known issue was edited meanwhile; reload and edit again");
        }
        return await GetForGroupAsync(caller, groupId, cancellationToken);
    }

    public async Task<bool> DeleteAsync(Caller caller, Guid groupId, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("unmark a known issue");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.KnownIssues.Where(k => k.OrganizationId == caller.OrganizationId && k.GroupId == groupId).ExecuteDeleteAsync(cancellationToken) == 0)
            return false;
        var title = await db.CrashGroups.Where(g => g.Id == groupId).Select(g => g.Title).FirstAsync(cancellationToken);
        Webhooks.WebhookEvents.GroupKnownIssue(db, caller.OrganizationId, groupId, title, "unmarked", null);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<CaseKnownIssue?> ForCaseAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        var kase = await db.Cases.AsNoTracking()
            .Where(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId && c.GroupId != null)
            .Select(c => new { c.GroupId, c.KernelRelease, c.KernelBuild }).FirstOrDefaultAsync(cancellationToken);
        if (kase is null)
            return null;
        var issue = await GetForGroupAsync(caller, kase.GroupId!.Value, cancellationToken);
        return issue is null ? null : new CaseKnownIssue(issue, Judge(issue, kase.KernelRelease, kase.KernelBuild));
    }

    /// <summary>The verdict on one kernel; entries were checked when they were stored, so a bad one is skipped, not thrown.</summary>
    public static FixVerdict Judge(KnownIssueView issue, string? kernelRelease, string? kernelBuild)
    {
        var entries = new List<FixedInEntry>();
        foreach (var text in issue.FixedIn)
            if (FixedInEntry.TryParse(text, out var entry, out _))
                entries.Add(entry);
        return FixVerdicts.Judge(kernelRelease, kernelBuild, entries);
    }

    /// <summary>The issues as views, most recently edited first (ordered here: a projection cannot be ordered by SQL afterwards).</summary>
    private IQueryable<KnownIssueView> Views(IQueryable<KnownIssue> issues) =>
        from k in issues
        join g in db.CrashGroups on k.GroupId equals g.Id
        orderby k.UpdatedAt descending
        select new KnownIssueView(k.Id, k.GroupId, g.Title, k.Title, k.Links, k.FixedIn, k.Workaround, k.CaptureAdvice, k.Version,
            db.Cases.Count(c => c.GroupId == k.GroupId), k.CreatedAt, k.UpdatedAt);
}
