using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Paging;
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
        var filtered = await FilteredAsync(caller, query, cancellationToken);
        var (total, capped) = await CountAsync(filtered, cancellationToken);
        var sort = CaseListQuery.EffectiveSort(query, total);
        var ordered = CaseListQuery.Keyset(sort, query.Descending).Order(CaseListQuery.Rows(filtered, query, sort));
        var rows = await Summaries(ordered.Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(cancellationToken);
        return new CasePage(await SummariesOfAsync(rows, cancellationToken), total, page, pageSize, capped);
    }

    public async Task<CaseCursorPage> ListAsync(Caller caller, CaseQuery query, PageRequest request, CancellationToken cancellationToken = default)
    {
        string scope = CaseListQuery.Scope(caller, query);
        var position = KeysetPager.Decode(request, scope);
        var filtered = await FilteredAsync(caller, query, cancellationToken);
        var (total, capped) = await CountAsync(filtered, cancellationToken);
        // A relevance list keeps the choice its first page made (ranked, or newest first past the ranking limit),
        // so that matches coming and going while a client pages never switch the order under its cursor.
        var sort = CaseListQuery.EffectiveSort(query, total);
        string? mode = null;
        if (query.Sort == CaseSort.Relevance)
        {
            if (position is not null)
                sort = position.Mode switch
                {
                    CaseListQuery.RankedMode when !string.IsNullOrWhiteSpace(query.Text) => CaseSort.Relevance,
                    CaseListQuery.UpdatedMode => CaseSort.Updated,
                    _ => throw new InvalidCursorException("The cursor was made for another sort order; start again without cursor."),
                };
            mode = sort == CaseSort.Relevance ? CaseListQuery.RankedMode : CaseListQuery.UpdatedMode;
        }
        var page = await KeysetPager.PageAsync(CaseListQuery.Rows(filtered, query, sort), CaseListQuery.Keyset(sort, query.Descending),
            scope, request.Limit, position, Summaries, r => r.Row, mode, cancellationToken);
        return new CaseCursorPage(await SummariesOfAsync(page.Items, cancellationToken), page.NextCursor, total, capped);
    }

    private async Task<IQueryable<Case>> FilteredAsync(Caller caller, CaseQuery query, CancellationToken cancellationToken)
    {
        Guid? tagId = null;
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            string tag = query.Tag.Trim().ToLowerInvariant();
            tagId = await db.Tags.Where(t => t.OrganizationId == caller.OrganizationId && t.NormalizedName == tag)
                .Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
        }
        return CaseListQuery.Filter(db, caller, query, tagId);
    }

    private static async Task<(int Total, bool Capped)> CountAsync(IQueryable<Case> filtered, CancellationToken cancellationToken)
    {
        int total = await filtered.Take(CasePage.CountLimit + 1).CountAsync(cancellationToken);
        return (Math.Min(total, CasePage.CountLimit), total > CasePage.CountLimit);
    }

    /// <summary>The columns of a list row beyond the case's own, read for the page's cases only.</summary>
    private IQueryable<SummaryRow> Summaries(IQueryable<CaseRow> rows) =>
        rows.Select(r => new SummaryRow
        {
            Row = r,
            AssigneeName = db.Users.Where(u => u.Id == r.Case.AssigneeUserId).Select(u => u.DisplayName).FirstOrDefault(),
            AnalysisStatus = db.AnalysisJobs.Where(j => j.CaseId == r.Case.Id).OrderByDescending(j => j.CreatedAt)
                .Select(j => (AnalysisJobStatus?)j.Status).FirstOrDefault(),
            HasDump = db.Artifacts.Any(a => a.CaseId == r.Case.Id && a.Kind == ArtifactKind.Vmcore),
            KnownIssue = db.KnownIssues.Where(k => k.GroupId == r.Case.GroupId).Select(k => k.Title).FirstOrDefault(),
        });

    private async Task<List<CaseSummary>> SummariesOfAsync(IReadOnlyList<SummaryRow> rows, CancellationToken cancellationToken)
    {
        var tags = await TagsOfAsync([.. rows.Select(r => r.Row.Case.Id)], cancellationToken);
        return [.. rows.Select(r => new CaseSummary(
            r.Row.Case.Id, r.Row.Case.Title, r.Row.Case.Customer, r.Row.Case.ExternalReference,
            r.Row.Case.Status, r.Row.Case.Priority.ToString(), r.Row.Case.AssigneeUserId, r.AssigneeName,
            tags.GetValueOrDefault(r.Row.Case.Id) ?? [],
            r.AnalysisStatus, r.HasDump,
            r.Row.Case.PanicLine, r.Row.Case.TriageTitle, r.Row.Case.CrashClass, r.Row.Case.KernelRelease,
            r.Row.Case.CreatedAt, r.Row.Case.UpdatedAt) { KnownIssueTitle = r.KnownIssue })];
    }

    private sealed class SummaryRow
    {
        public required CaseRow Row { get; init; }
        public string? AssigneeName { get; init; }
        public AnalysisJobStatus? AnalysisStatus { get; init; }
        public bool HasDump { get; init; }
        public string? KnownIssue { get; init; }
    }

    public async Task<CaseDetails?> GetAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        // The jobs first: an analysis commits its `done` together with the case's crash group and report, so
        // reading the case after the jobs never shows a finished analysis without what it set (each query is its
        // own snapshot; the other order could see `done` and still the case row from before the commit).
        var jobs = await db.AnalysisJobs.AsNoTracking().Where(j => j.CaseId == caseId)
            .OrderByDescending(j => j.CreatedAt).ToListAsync(cancellationToken);
        var entity = await db.Cases.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken);
        if (entity is null)
            return null;
        var artifacts = await db.Artifacts.AsNoTracking().Where(a => a.CaseId == caseId)
            .OrderBy(a => a.UploadedAt).ToListAsync(cancellationToken);
        var unpacks = await db.ArchiveUnpacks.AsNoTracking().Where(u => u.CaseId == caseId).ToDictionaryAsync(u => u.ArtifactId, cancellationToken);
        int? reportVersion = await db.Reports.Where(r => r.CaseId == caseId).MaxAsync(r => (int?)r.Version, cancellationToken);
        var names = await NamesAsync([entity.AssigneeUserId, entity.UpdatedByUserId], cancellationToken);
        var tags = await TagsOfAsync([caseId], cancellationToken);
        return new CaseDetails(
            entity.Id, entity.Title, entity.Customer, entity.ExternalReference, entity.Description,
            entity.Status, [.. CaseWorkflow.NextFrom(entity.Status)],
            entity.Priority.ToString(), entity.AssigneeUserId, Name(names, entity.AssigneeUserId),
            tags.GetValueOrDefault(caseId) ?? [], entity.Revision, Name(names, entity.UpdatedByUserId),
            entity.CreatedAt, entity.UpdatedAt,
            [.. artifacts.Select(a => Views.Of(a) with { Unpack = unpacks.TryGetValue(a.Id, out var unpack) ? Views.Of(unpack) : null })],
            [.. jobs.Select(Views.Of)],
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
