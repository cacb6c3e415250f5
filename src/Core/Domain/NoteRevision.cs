namespace Crashdesk.Core.Domain;

/// <summary>A note's body before an edit: the history of what it said.</summary>
public sealed class NoteRevision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid NoteId { get; set; }
    public int Revision { get; set; }
    public required string Body { get; set; }
    public Guid? EditorUserId { get; set; }
    public DateTimeOffset EditedAt { get; set; } = DateTimeOffset.UtcNow;
}
