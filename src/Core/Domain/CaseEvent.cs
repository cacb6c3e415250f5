namespace Crashdesk.Core.Domain;

/// <summary>
/// One row of a case's activity timeline: who changed what, when, from what to what. Written in the
/// same transaction as the change it records, never edited.
/// </summary>
public sealed class CaseEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>The person; null for the service itself (an analysis).</summary>
    public Guid? ActorUserId { get; set; }
    /// <summary>The actor's name when it happened (kept if the user is renamed or removed).</summary>
    public required string ActorName { get; set; }
    /// <summary>What changed: a field name (<c>status</c>, <c>assignee</c>, …) or <c>note-added</c>, <c>note-edited</c>, <c>note-deleted</c>.</summary>
    public required string Kind { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    /// <summary>The note a note event is about.</summary>
    public Guid? NoteId { get; set; }
}
