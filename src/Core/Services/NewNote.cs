namespace Crashdesk.Core.Services;

/// <summary>A note to add: Markdown, and optionally an anchor (<c>log-line</c>, <c>frame</c>, <c>task</c>, <c>lock</c> and a position; see <see cref="NoteAnchorResolver"/>).</summary>
public sealed record NewNote(string Body, string? AnchorKind = null, string? AnchorPosition = null);
