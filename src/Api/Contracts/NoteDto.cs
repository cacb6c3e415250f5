namespace Crashdesk.Api.Contracts;

/// <summary>
/// A note: its Markdown <c>body</c> and the sanitised <c>html</c> made of it. An anchored note names
/// what it points at (<c>anchorKind</c> <c>log-line</c> | <c>frame</c> | <c>task</c> | <c>lock</c>,
/// <c>anchorPosition</c> — line number, <c>pid:frame</c>, PID or lock address — and
/// <c>anchorContent</c>, what was there), and <c>placement</c> says where that is in the newest report
/// (found again by content after a re-analysis, or not found, with why). <c>revision</c>: send it back
/// when editing. <c>visibility</c>: <c>internal</c> (the support centre only) or <c>customer</c> (the customer's staff too).
/// </summary>
public sealed record NoteDto(
    Guid Id,
    Guid? AuthorUserId,
    string AuthorName,
    string Body,
    string Html,
    string? AnchorKind,
    string? AnchorPosition,
    string? AnchorContent,
    int? AnchorReportVersion,
    NotePlacementDto? Placement,
    int Revision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt)
{
    public string Visibility { get; init; } = "internal";
}

/// <summary>Where a note's anchor is in report <c>reportVersion</c>: <c>found</c> at <c>position</c>, or not, with <c>message</c> saying why.</summary>
public sealed record NotePlacementDto(bool Found, string Position, int ReportVersion, string? Message);
