namespace Crashdesk.Api.Contracts;

/// <summary>
/// POST /api/v1/cases/{id}/notes: Markdown <c>body</c>; optionally an anchor in the newest report:
/// <c>anchorKind</c> <c>log-line</c> (position: the line number, 1-based), <c>frame</c>
/// (<c>pid:frame</c>, e.g. <c>1234:2</c>), <c>task</c> (PID) or <c>lock</c> (its address, <c>0x…</c>).
/// <c>visibility</c>: <c>internal</c> (default for engineers: the support centre only) or <c>customer</c>;
/// a customer's own notes are always <c>customer</c>.
/// </summary>
public sealed record CreateNoteRequest(string Body, string? AnchorKind = null, string? AnchorPosition = null, string? Visibility = null);
