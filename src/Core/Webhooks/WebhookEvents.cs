using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;

namespace Crashdesk.Core.Webhooks;

/// <summary>
/// The events' data, one method per event, each raised into the caller's unit of work
/// (<see cref="WebhookOutbox"/>). Ids are strings of the API's ids; a case carries what a ticket
/// shows of it, so a receiver needs no second request for the common case.
/// </summary>
public static class WebhookEvents
{
    /// <summary>One field of a case that changed (the timeline's kind: title, status, tag-added …), old and new value.</summary>
    public sealed record FieldChange(string Field, string? From, string? To);

    public static void CaseCreated(CrashdeskDbContext db, Case c) =>
        WebhookOutbox.Raise(db, c.OrganizationId, WebhookEventTypes.CaseCreated, new { @case = CaseData(c) });

    /// <summary>case.updated with every change, and case.status_changed when the status is one of them.</summary>
    public static void CaseUpdated(CrashdeskDbContext db, Case c, IReadOnlyList<FieldChange> changes)
    {
        WebhookOutbox.Raise(db, c.OrganizationId, WebhookEventTypes.CaseUpdated, new { @case = CaseData(c), changes });
        if (changes.FirstOrDefault(ch => ch.Field == "status") is { } status)
            WebhookOutbox.Raise(db, c.OrganizationId, WebhookEventTypes.CaseStatusChanged, new { @case = CaseData(c), from = status.From, to = status.To });
    }

    public static void NoteAdded(CrashdeskDbContext db, Guid organizationId, Note note) =>
        WebhookOutbox.Raise(db, organizationId, WebhookEventTypes.NoteAdded, new
        {
            @case = new { id = note.CaseId },
            note = new
            {
                id = note.Id,
                author = note.AuthorName,
                visibility = note.Visibility == NoteVisibility.Customer ? "customer" : "internal",
                body = note.Body,
                anchor = note.Anchor is { } a ? new { kind = NoteAnchors.Name(a.Kind), position = a.Position } : null,
                createdAt = note.CreatedAt,
            },
        });

    public static void AnalysisCompleted(CrashdeskDbContext db, Guid organizationId, AnalysisJob job, string fileName, int reportVersion,
        CaseReportFacts facts, Guid? groupId) =>
        WebhookOutbox.Raise(db, organizationId, WebhookEventTypes.AnalysisCompleted, new
        {
            @case = new { id = job.CaseId, groupId },
            analysis = new { id = job.Id, artifactId = job.ArtifactId, fileName },
            report = new
            {
                version = reportVersion,
                panicLine = facts.PanicLine,
                crashClass = facts.CrashClass,
                title = facts.TriageTitle,
                guiltyFrame = facts.GuiltyFrame,
                signature = facts.CrashSignature,
                kernelRelease = facts.KernelRelease,
            },
        });

    public static void AnalysisFailed(CrashdeskDbContext db, Guid organizationId, Guid caseId, Guid analysisId, Guid artifactId, string fileName, string error) =>
        WebhookOutbox.Raise(db, organizationId, WebhookEventTypes.AnalysisFailed, new
        {
            @case = new { id = caseId },
            analysis = new { id = analysisId, artifactId, fileName },
            error,
        });

    /// <summary>A group was marked a known issue, its known issue edited (<paramref name="issue"/> set), or unmarked (null).</summary>
    public static void GroupKnownIssue(CrashdeskDbContext db, Guid organizationId, Guid groupId, string groupTitle, string action, KnownIssue? issue) =>
        WebhookOutbox.Raise(db, organizationId, WebhookEventTypes.GroupKnownIssue, new
        {
            group = new { id = groupId, title = groupTitle },
            action,
            knownIssue = issue is null ? null : new { title = issue.Title, links = issue.Links, fixedIn = issue.FixedIn, version = issue.Version },
        });

    private static object CaseData(Case c) => new
    {
        id = c.Id,
        title = c.Title,
        customer = c.Customer,
        externalReference = c.ExternalReference,
        status = CaseWorkflow.Name(c.Status),
        priority = c.Priority.ToString(),
        assigneeUserId = c.AssigneeUserId,
        revision = c.Revision,
    };
}
