using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

/// <summary>Adds timeline rows to the unit of work of the change they record (saved with it, or not at all).</summary>
internal static class CaseTimeline
{
    /// <summary>The actor name of what the service does by itself (an analysis storing a report).</summary>
    public const string ServiceActor = "Crashdesk";

    /// <summary>The kind of the row a case gets when its group is a known issue (on joining it, or when one is copied in).</summary>
    public const string KnownIssueKind = "known-issue";

    /// <summary>The caller's display name for a timeline row (their e-mail if the user row is gone).</summary>
    public static async Task<string> ActorNameAsync(CrashdeskDbContext db, Caller caller, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == caller.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? caller.Email;

    public static void Record(CrashdeskDbContext db, Guid caseId, Guid? actorUserId, string actorName, string kind,
        string? oldValue, string? newValue, Guid? noteId = null, DateTimeOffset? at = null) =>
        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = caseId,
            ActorUserId = actorUserId,
            ActorName = actorName,
            Kind = kind,
            OldValue = oldValue,
            NewValue = newValue,
            NoteId = noteId,
            At = at ?? DateTimeOffset.UtcNow,
        });
}
