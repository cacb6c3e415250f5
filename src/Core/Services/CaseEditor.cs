using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

/// <summary>
/// One edit of a case: checks the revision it was made against, applies each set field, writes one
/// timeline row per change, bumps the revision — all in one SaveChanges, whose WHERE on the old
/// revision (the concurrency token) makes a racing second edit fail instead of overwriting.
/// </summary>
internal sealed class CaseEditor(CrashdeskDbContext db, CaseService cases)
{
    public async Task<CaseDetails?> UpdateAsync(Caller caller, Guid caseId, int expectedRevision, CaseChanges changes, CancellationToken cancellationToken)
    {
        var entity = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken);
        if (entity is null)
            return null;
        if (entity.Revision != expectedRevision)
            throw await ConflictAsync(caseId, cancellationToken);

        string actor = await CaseTimeline.ActorNameAsync(db, caller, cancellationToken);
        int recorded = 0;
        var changed = new List<Webhooks.WebhookEvents.FieldChange>();
        void Record(string kind, string? oldValue, string? newValue)
        {
            CaseTimeline.Record(db, caseId, caller.UserId, actor, kind, oldValue, newValue);
            changed.Add(new(kind, oldValue, newValue));
            recorded++;
        }

        if (changes.Title.IsSet)
            Set(entity.Title, CaseFields.Required("title", changes.Title.Value, CaseFields.TitleMax), v => entity.Title = v, "title", Record);
        if (changes.Customer.IsSet)
            Set(entity.Customer, CaseFields.Required("customer", changes.Customer.Value, CaseFields.CustomerMax), v => entity.Customer = v, "customer", Record);
        if (changes.ExternalReference.IsSet)
            Set(entity.ExternalReference, CaseFields.Optional("externalReference", changes.ExternalReference.Value, CaseFields.ExternalReferenceMax),
                v => entity.ExternalReference = v, "externalReference", Record);
        if (changes.Description.IsSet)
            Set(entity.Description, CaseFields.Optional("description", changes.Description.Value, CaseFields.DescriptionMax),
                v => entity.Description = v, "description", Record);
        if (changes.Status.IsSet)
        {
            var to = ParseStatus(changes.Status.Value);
            if (!CaseWorkflow.CanMove(entity.Status, to))
                throw new ValidationException("status",
                    $"a {CaseWorkflow.Name(entity.Status)} case cannot become {CaseWorkflow.Name(to)}; it can become "
                    + string.Join(", ", CaseWorkflow.NextFrom(entity.Status).Select(CaseWorkflow.Name)));
            Set(CaseWorkflow.Name(entity.Status), CaseWorkflow.Name(to), _ =>
            {
                entity.Status = to;
                // The dashboard's closed-per-week counts the last close; a reopened case is open again.
                entity.ClosedAt = to == CaseStatus.Closed ? DateTimeOffset.UtcNow : null;
            }, "status", Record);
        }
        if (changes.Priority.IsSet)
        {
            var priority = CaseWorkflow.TryParsePriority(changes.Priority.Value, out var p)
                ? p : throw new ValidationException("priority", $"unknown priority '{changes.Priority.Value}'; one of P1, P2, P3, P4");
            Set(entity.Priority.ToString(), priority.ToString(), _ => entity.Priority = priority, "priority", Record);
        }
        if (changes.AssigneeUserId.IsSet && changes.AssigneeUserId.Value != entity.AssigneeUserId)
        {
            var to = changes.AssigneeUserId.Value;
            if (to is { } userId && !await db.Memberships.AnyAsync(m => m.UserId == userId && m.OrganizationId == caller.OrganizationId && m.Role != OrganizationRole.Customer, cancellationToken))
                throw new ValidationException("assignee", $"there is no engineer {userId} in your organization");
            var names = await cases.NamesAsync([entity.AssigneeUserId, to], cancellationToken);
            Record("assignee", entity.AssigneeUserId is { } from ? names.GetValueOrDefault(from) : null, to is { } t ? names.GetValueOrDefault(t) : null);
            entity.AssigneeUserId = to;
        }
        if (changes.Tags.IsSet)
            await SetTagsAsync(caller, caseId, CaseFields.Tags(changes.Tags.Value), Record, cancellationToken);

        if (recorded == 0)
            return await cases.GetAsync(caller, caseId, cancellationToken);
        entity.Revision++;
        entity.UpdatedAt = DateTimeOffset.UtcNow;
        entity.UpdatedByUserId = caller.UserId;
        Webhooks.WebhookEvents.CaseUpdated(db, entity, changed);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await ConflictAsync(caseId, cancellationToken);
        }
        return await cases.GetAsync(caller, caseId, cancellationToken);
    }

    private static void Set<T>(T current, T value, Action<T> assign, string kind, Action<string, string?, string?> record)
    {
        if (EqualityComparer<T>.Default.Equals(current, value))
            return;
        record(kind, current?.ToString(), value?.ToString());
        assign(value);
    }

    private static CaseStatus ParseStatus(string? name) =>
        CaseWorkflow.TryParse(name, out var status)
            ? status
            : throw new ValidationException("status", $"unknown status '{name}'; one of {string.Join(", ", CaseWorkflow.All.Select(CaseWorkflow.Name))}");

    /// <summary>Makes the case's tags exactly <paramref name="wanted"/>, creating the organisation's new tags on the way.</summary>
    private async Task SetTagsAsync(Caller caller, Guid caseId, IReadOnlyList<string> wanted, Action<string, string?, string?> record, CancellationToken cancellationToken)
    {
        var current = await (from ct in db.CaseTags
                             join t in db.Tags on ct.TagId equals t.Id
                             where ct.CaseId == caseId
                             select new { Link = ct, t.Name, t.NormalizedName }).ToListAsync(cancellationToken);
        var wantedNormalized = wanted.Select(w => w.ToLowerInvariant()).ToHashSet();
        foreach (var gone in current.Where(c => !wantedNormalized.Contains(c.NormalizedName)))
        {
            db.CaseTags.Remove(gone.Link);
            record("tag-removed", gone.Name, null);
        }
        var added = wanted.Where(w => current.All(c => c.NormalizedName != w.ToLowerInvariant())).ToList();
        foreach (var name in added)
        {
            // Two edits may create the same new tag at once: the unique index decides, both then use it.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO tags (id, organization_id, name, normalized_name)
                VALUES ({Guid.CreateVersion7()}, {caller.OrganizationId}, {name}, {name.ToLowerInvariant()})
                ON CONFLICT (organization_id, normalized_name) DO NOTHING
                """, cancellationToken);
            string normalized = name.ToLowerInvariant();
            var tag = await db.Tags.AsNoTracking().FirstAsync(t => t.OrganizationId == caller.OrganizationId && t.NormalizedName == normalized, cancellationToken);
            db.CaseTags.Add(new CaseTag { CaseId = caseId, TagId = tag.Id });
            record("tag-added", null, tag.Name);
        }
    }

    private async Task<CaseConflictException> ConflictAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var now = await db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.Revision, c.UpdatedAt, c.UpdatedByUserId }).FirstAsync(cancellationToken);
        var names = await cases.NamesAsync([now.UpdatedByUserId], cancellationToken);
        return new CaseConflictException(now.Revision, now.UpdatedByUserId is { } id ? names.GetValueOrDefault(id) : null, now.UpdatedAt);
    }
}
