using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

internal sealed class CaseService(CrashdeskDbContext db) : ICaseService
{
    public async Task<CaseDetails> CreateAsync(Caller caller, NewCase newCase, CancellationToken cancellationToken = default)
    {
        var entity = new Case
        {
            OrganizationId = caller.OrganizationId,
            Title = CaseFields.Required("title", newCase.Title, CaseFields.TitleMax),
            Customer = CaseFields.Required("customer", newCase.Customer, CaseFields.CustomerMax),
            ExternalReference = CaseFields.Optional("externalReference", newCase.ExternalReference, CaseFields.ExternalReferenceMax),
            Description = CaseFields.Optional("description", newCase.Description, CaseFields.DescriptionMax),
            CreatedByUserId = caller.UserId,
            UpdatedByUserId = caller.UserId,
        };
        db.Cases.Add(entity);
        CaseTimeline.Record(db, entity.Id, caller.UserId, await CaseTimeline.ActorNameAsync(db, caller, cancellationToken), "created", null, entity.Title,
            at: entity.CreatedAt);
        Webhooks.WebhookEvents.CaseCreated(db, entity);
        await db.SaveChangesAsync(cancellationToken);
        return (await GetAsync(caller, entity.Id, cancellationToken))!;
    }

    public async Task<CasePage> ListAsync(Caller caller, CaseQuery query, CancellationToken cancellationToken = default)
    {
        int pageSize = Math.Clamp(query.PageSize, 1, CaseQuery.MaxPageSize);
        int page = Math.Max(1, query.Page);
        Guid? tagId = null;
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            string tag = query.Tag.Trim().ToLowerInvariant();
            tagId = await db.Tags.Where(t => t.OrganizationId == caller.OrganizationId && t.NormalizedName == tag)
                .Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
        }
        var filtered = CaseListQuery.Filter(db, caller, query, tagId);
        int total = await filtered.Take(CasePage.CountLimit + 1).CountAsync(cancellationToken);
        bool capped = total > CasePage.CountLimit;
        total = Math.Min(total, CasePage.CountLimit);
        var rows = await CaseListQuery.Order(filtered, query, total)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new
            {
                Case = c,
                AssigneeName = db.Users.Where(u => u.Id == c.AssigneeUserId).Select(u => u.DisplayName).FirstOrDefault(),
                AnalysisStatus = db.AnalysisJobs.Where(j => j.CaseId == c.Id).OrderByDescending(j => j.CreatedAt)
                    .Select(j => (AnalysisJobStatus?)j.Status).FirstOrDefault(),
                HasDump = db.Artifacts.Any(a => a.CaseId == c.Id && a.Kind == ArtifactKind.Vmcore),
                KnownIssue = db.KnownIssues.Where(k => k.GroupId == c.GroupId).Select(k => k.Title).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var tags = await TagsOfAsync([.. rows.Select(r => r.Case.Id)], cancellationToken);
        var items = rows.Select(r => new CaseSummary(
            r.Case.Id, r.Case.Title, r.Case.Customer, r.Case.ExternalReference,
            CaseWorkflow.Name(r.Case.Status), r.Case.Priority.ToString(), r.Case.AssigneeUserId, r.AssigneeName,
            tags.GetValueOrDefault(r.Case.Id) ?? [],
            r.AnalysisStatus is { } status ? Views.StatusName(status) : null, r.HasDump,
            r.Case.PanicLine, r.Case.TriageTitle, r.Case.CrashClass, r.Case.KernelRelease,
            r.Case.CreatedAt, r.Case.UpdatedAt) { KnownIssueTitle = r.KnownIssue }).ToList();
        return new CasePage(items, total, page, pageSize, capped);
    }

    public async Task<CaseDetails?> GetAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        var entity = await db.Cases.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken);
        if (entity is null)
            return null;
        var artifacts = await db.Artifacts.AsNoTracking().Where(a => a.CaseId == caseId)
            .OrderBy(a => a.UploadedAt).ToListAsync(cancellationToken);
        var jobs = await db.AnalysisJobs.AsNoTracking().Where(j => j.CaseId == caseId)
            .OrderByDescending(j => j.CreatedAt).ToListAsync(cancellationToken);
        int? reportVersion = await db.Reports.Where(r => r.CaseId == caseId).MaxAsync(r => (int?)r.Version, cancellationToken);
        var names = await NamesAsync([entity.AssigneeUserId, entity.UpdatedByUserId], cancellationToken);
        var tags = await TagsOfAsync([caseId], cancellationToken);
        return new CaseDetails(
            entity.Id, entity.Title, entity.Customer, entity.ExternalReference, entity.Description,
            CaseWorkflow.Name(entity.Status), [.. CaseWorkflow.NextFrom(entity.Status).Select(CaseWorkflow.Name)],
            entity.Priority.ToString(), entity.AssigneeUserId, Name(names, entity.AssigneeUserId),
            tags.GetValueOrDefault(caseId) ?? [], entity.Revision, Name(names, entity.UpdatedByUserId),
            entity.CreatedAt, entity.UpdatedAt,
            [.. artifacts.Select(Views.Of)], [.. jobs.Select(Views.Of)],
            reportVersion, entity.PanicLine, entity.TriageTitle, entity.CrashClass, entity.GuiltyFrame, entity.KernelRelease)
        {
            GroupId = entity.GroupId,
            GroupTitle = entity.GroupId is { } groupId ? await db.CrashGroups.Where(g => g.Id == groupId).Select(g => g.Title).FirstOrDefaultAsync(cancellationToken) : null,
            GroupPinned = entity.GroupPinned,
            CrashSignature = entity.CrashSignature,
            LegalHold = await db.LegalHolds.AsNoTracking().Where(h => h.CaseId == caseId)
                .Select(h => new DataProtection.LegalHoldView(h.PlacedByName, h.PlacedAt, h.Reason)).FirstOrDefaultAsync(cancellationToken),
        };
    }

    public Task<CaseDetails?> UpdateAsync(Caller caller, Guid caseId, int expectedRevision, CaseChanges changes, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("change a case's status, priority, assignee, tags or fields");
        return new CaseEditor(db, this).UpdateAsync(caller, caseId, expectedRevision, changes, cancellationToken);
    }

    public async Task<IReadOnlyList<CaseEventView>?> TimelineAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken))
            return null;
        // A customer's timeline leaves out what internal notes did (their text is in the event).
        return await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == caseId)
            .Where(e => !caller.IsCustomer || e.NoteId == null
                || db.Notes.Any(n => n.Id == e.NoteId && n.Visibility == Crashdesk.Core.Domain.NoteVisibility.Customer))
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new CaseEventView(e.Id, e.At, e.ActorUserId, e.ActorName, e.Kind, e.OldValue, e.NewValue, e.NoteId))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TagCount>> TagsAsync(Caller caller, CancellationToken cancellationToken = default) =>
        await db.Tags.AsNoTracking().Where(t => t.OrganizationId == caller.OrganizationId)
            .Select(t => new { t.Name, Cases = db.CaseTags.Count(ct => ct.TagId == t.Id) })
            .Where(t => t.Cases > 0)
            .OrderByDescending(t => t.Cases).ThenBy(t => t.Name)
            .Select(t => new TagCount(t.Name, t.Cases))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<UserView>> MembersAsync(Caller caller, CancellationToken cancellationToken = default) =>
        // Whom a case can be assigned to: the organisation's engineers and administrators, not its customers' staff.
        await (from m in db.Memberships.AsNoTracking()
               where m.OrganizationId == caller.OrganizationId && m.Role != OrganizationRole.Customer
               join u in db.Users on m.UserId equals u.Id
               where u.DeactivatedAt == null
               orderby u.DisplayName
               select new UserView(u.Id, u.DisplayName, u.Email))
            .ToListAsync(cancellationToken);

    internal async Task<Dictionary<Guid, List<string>>> TagsOfAsync(List<Guid> caseIds, CancellationToken cancellationToken) =>
        (await (from ct in db.CaseTags.AsNoTracking()
                join t in db.Tags.AsNoTracking() on ct.TagId equals t.Id
                where caseIds.Contains(ct.CaseId)
                select new { ct.CaseId, t.Name }).ToListAsync(cancellationToken))
            .GroupBy(x => x.CaseId)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Name).Order(StringComparer.OrdinalIgnoreCase).ToList());

    internal async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid?> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.OfType<Guid>().Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    private static string? Name(Dictionary<Guid, string> names, Guid? id) => id is { } key ? names.GetValueOrDefault(key) : null;
}
