namespace Crashdesk.Core.Services;

/// <summary>
/// A note as shown: its Markdown and the sanitised HTML made of it, its anchor (kind, position and
/// what was there) with where that is in the newest report (<see cref="Placement"/>; null without an
/// anchor or a report), and whether it was deleted.
/// </summary>
public sealed record NoteView(
    Guid Id,
    Guid CaseId,
    Guid? AuthorUserId,
    string AuthorName,
    string Body,
    string Html,
    string? AnchorKind,
    string? AnchorPosition,
    string? AnchorContent,
    int? AnchorReportVersion,
    NoteAnchorResolution? Placement,
    int Revision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt)
{
    /// <summary><c>internal</c>: the support centre only; <c>customer</c>: the customer's staff read it too.</summary>
    public string Visibility { get; init; } = "internal";
}
