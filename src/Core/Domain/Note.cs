namespace Crashdesk.Core.Domain;

/// <summary>
/// An engineer's Markdown note on a case, optionally anchored to a place in the report. Edits keep the
/// earlier bodies (<see cref="NoteRevision"/>); a delete is soft (<see cref="DeletedAt"/>) and shows in the timeline.
/// </summary>
public sealed class Note
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid? AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    public required string Body { get; set; }
    /// <summary>Internal notes are never shown to the customer's staff; a customer's own notes are always <see cref="NoteVisibility.Customer"/>.</summary>
    public NoteVisibility Visibility { get; set; } = NoteVisibility.Internal;
    /// <summary>Null: a note on the whole case. Stored as the four <c>anchor_*</c> columns.</summary>
    public NoteAnchor? Anchor
    {
        get => AnchorKind is { } kind ? new NoteAnchor(kind, AnchorPosition ?? "", AnchorContent ?? "", AnchorReportVersion ?? 0) : null;
        set
        {
            AnchorKind = value?.Kind;
            AnchorPosition = value?.Position;
            AnchorContent = value?.Content;
            AnchorReportVersion = value?.ReportVersion;
        }
    }
    public NoteAnchorKind? AnchorKind { get; private set; }
    public string? AnchorPosition { get; private set; }
    public string? AnchorContent { get; private set; }
    public int? AnchorReportVersion { get; private set; }
    public int Revision { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? DeletedAt { get; set; }
    public Guid? DeletedByUserId { get; set; }
}
