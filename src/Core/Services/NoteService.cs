using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

internal sealed class NoteService(CrashdeskDbContext db, IReportService reports, Audit.IAuditLog audit) : INoteService
{
    public const int BodyMax = 100_000;
    private const int ExcerptLength = 200;

    public async Task<IReadOnlyList<NoteView>?> ListAsync(Caller caller, Guid caseId, bool includeDeleted = false, ReportView? newestReport = null,
        CancellationToken cancellationToken = default)
    {
        if (!await CaseExistsAsync(caller, caseId, cancellationToken))
            return null;
        var notes = await db.Notes.AsNoTracking()
            .Where(n => n.CaseId == caseId && (includeDeleted || n.DeletedAt == null))
            .Where(n => !caller.IsCustomer || n.Visibility == NoteVisibility.Customer)
            .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .ToListAsync(cancellationToken);
        int? latest = await db.Reports.Where(r => r.CaseId == caseId).MaxAsync(r => (int?)r.Version, cancellationToken);
        // The report is read (and parsed) only when an anchor was written against an older version.
        AnalysisReport? report = null;
        if (latest is not null && notes.Any(n => n.Anchor is { } a && a.ReportVersion != latest))
        {
            report = newestReport is { } given && given.CaseId == caseId && given.Version == latest
                ? given.Report
                : (await reports.GetLatestAsync(caller, caseId, cancellationToken))?.Report;
        }
        return [.. notes.Select(n => View(n, Place(n.Anchor, report, latest)))];
    }

    public async Task<NoteView?> AddAsync(Caller caller, Guid caseId, NewNote note, CancellationToken cancellationToken = default)
    {
        if (!await CaseExistsAsync(caller, caseId, cancellationToken))
            return null;
        string body = Body(note.Body);
        NoteAnchor? anchor = null;
        if (!string.IsNullOrWhiteSpace(note.AnchorKind))
        {
            if (!NoteAnchors.TryParse(note.AnchorKind, out var kind))
                throw new ValidationException("anchor", $"unknown anchor kind '{note.AnchorKind}'; one of log-line, frame, task, lock");
            var latest = await reports.GetLatestAsync(caller, caseId, cancellationToken)
                ?? throw new ValidationException("anchor", "the case has no report yet to anchor a note to");
            anchor = NoteAnchorResolver.Create(kind, note.AnchorPosition ?? "", latest.Report, latest.Version);
        }
        string author = await CaseTimeline.ActorNameAsync(db, caller, cancellationToken);
        // A customer's own note is for the support centre to read, so it is never internal; engineers choose.
        var visibility = caller.IsCustomer ? NoteVisibility.Customer : note.Visibility ?? NoteVisibility.Internal;
        var entity = new Note { CaseId = caseId, AuthorUserId = caller.UserId, AuthorName = author, Body = body, Anchor = anchor, Visibility = visibility };
        db.Notes.Add(entity);
        CaseTimeline.Record(db, caseId, caller.UserId, author, "note-added", null, Excerpt(body) + (anchor is null ? "" : $" [{Describe(anchor)}]"), entity.Id);
        Webhooks.WebhookEvents.NoteAdded(db, caller.OrganizationId, entity);
        await SaveWithCaseAsync(caseId, cancellationToken);
        return View(entity, anchor is null ? null : new NoteAnchorResolution(true, anchor.Position, anchor.ReportVersion, null));
    }

    public async Task<NoteView?> EditAsync(Caller caller, Guid caseId, Guid noteId, int expectedRevision, string body, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("edit notes");
        var note = await FindAsync(caller, caseId, noteId, cancellationToken);
        if (note is null)
            return null;
        if (note.Revision != expectedRevision)
            throw new NoteConflictException(note.Revision);
        string newBody = Body(body);
        if (newBody == note.Body)
            return await ViewAsync(caller, note, cancellationToken);
        string editor = await CaseTimeline.ActorNameAsync(db, caller, cancellationToken);
        db.NoteRevisions.Add(new NoteRevision { NoteId = note.Id, Revision = note.Revision, Body = note.Body, EditorUserId = caller.UserId });
        CaseTimeline.Record(db, caseId, caller.UserId, editor, "note-edited", Excerpt(note.Body), Excerpt(newBody), note.Id);
        note.Body = newBody;
        note.Revision++;
        note.UpdatedAt = DateTimeOffset.UtcNow;
        try
        {
            await SaveWithCaseAsync(caseId, cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another edit took this revision number first (ix_note_revisions_note_id_revision).
            throw new NoteConflictException(note.Revision);
        }
        return await ViewAsync(caller, note, cancellationToken);
    }

    /// <summary>One note as shown, its anchor placed in the newest report (read only when the anchor is from an older version).</summary>
    private async Task<NoteView> ViewAsync(Caller caller, Note note, CancellationToken cancellationToken)
    {
        int? latest = await db.Reports.Where(r => r.CaseId == note.CaseId).MaxAsync(r => (int?)r.Version, cancellationToken);
        AnalysisReport? report = note.Anchor is { } a && latest is not null && a.ReportVersion != latest
            ? (await reports.GetLatestAsync(caller, note.CaseId, cancellationToken))?.Report
            : null;
        return View(note, Place(note.Anchor, report, latest));
    }

    public async Task<bool> DeleteAsync(Caller caller, Guid caseId, Guid noteId, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("delete notes");
        var note = await FindAsync(caller, caseId, noteId, cancellationToken);
        if (note is null)
            return false;
        note.DeletedAt = DateTimeOffset.UtcNow;
        note.DeletedByUserId = caller.UserId;
        CaseTimeline.Record(db, caseId, caller.UserId, await CaseTimeline.ActorNameAsync(db, caller, cancellationToken), "note-deleted", Excerpt(note.Body), null, note.Id);
        await audit.AddAsync(caller, Audit.AuditAction.NoteDelete, new Audit.AuditTarget("note", note.Id, caseId), cancellationToken);
        await SaveWithCaseAsync(caseId, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<NoteRevisionView>?> RevisionsAsync(Caller caller, Guid caseId, Guid noteId, CancellationToken cancellationToken = default)
    {
        if (!await db.Notes.AnyAsync(n => n.Id == noteId && n.CaseId == caseId
                && db.Cases.Any(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId), cancellationToken))
            return null;
        return await db.NoteRevisions.AsNoTracking().Where(r => r.NoteId == noteId).OrderBy(r => r.Revision)
            .Select(r => new NoteRevisionView(r.Revision, r.Body,
                db.Users.Where(u => u.Id == r.EditorUserId).Select(u => u.DisplayName).FirstOrDefault(), r.EditedAt))
            .ToListAsync(cancellationToken);
    }

    private Task<Note?> FindAsync(Caller caller, Guid caseId, Guid noteId, CancellationToken cancellationToken) =>
        db.Notes.FirstOrDefaultAsync(n => n.Id == noteId && n.CaseId == caseId && n.DeletedAt == null
            && (!caller.IsCustomer || n.Visibility == NoteVisibility.Customer)
            && db.Cases.Any(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId), cancellationToken);

    private Task<bool> CaseExistsAsync(Caller caller, Guid caseId, CancellationToken cancellationToken) =>
        db.Cases.AnyAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken);

    /// <summary>
    /// Saves the note change and, in the same transaction, the case's copy of its live notes' text
    /// (its search vector covers them) and its "updated" time (the list's default order) — not its
    /// revision: notes never conflict with edits of the case's fields.
    /// </summary>
    private async Task SaveWithCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE cases SET updated_at = now(),
                   notes_text = left((SELECT string_agg(body, E'\n' ORDER BY created_at) FROM notes
                                       WHERE case_id = {caseId} AND deleted_at IS NULL), {Case.NotesTextMax})
             WHERE id = {caseId}
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static NoteAnchorResolution? Place(NoteAnchor? anchor, AnalysisReport? report, int? latest) =>
        anchor is null || latest is not { } version ? null
        : anchor.ReportVersion == version || report is null ? new NoteAnchorResolution(anchor.ReportVersion == version, anchor.Position, version,
            anchor.ReportVersion == version ? null : "the newest report could not be read to place this note")
        : NoteAnchorResolver.Resolve(anchor, report, version);

    private static NoteView View(Note n, NoteAnchorResolution? placement) => new(
        n.Id, n.CaseId, n.AuthorUserId, n.AuthorName, n.Body, NoteMarkdown.ToHtml(n.Body),
        n.AnchorKind is { } kind ? NoteAnchors.Name(kind) : null, n.AnchorPosition, n.AnchorContent, n.AnchorReportVersion,
        placement, n.Revision, n.CreatedAt, n.UpdatedAt, n.DeletedAt)
    {
        Visibility = n.Visibility == NoteVisibility.Customer ? "customer" : "internal",
    };

    private static string Body(string? body)
    {
        var trimmed = body?.Trim() ?? "";
        if (trimmed.Length == 0)
            throw new ValidationException("body", "a note needs some text");
        return trimmed.Length > BodyMax ? throw new ValidationException("body", $"a note is at most {BodyMax} characters") : trimmed;
    }

    private static string Excerpt(string body) => body.Length <= ExcerptLength ? body : body[..ExcerptLength] + "…";

    private static string Describe(NoteAnchor anchor) => $"{NoteAnchors.Name(anchor.Kind)} {anchor.Position}";
}
