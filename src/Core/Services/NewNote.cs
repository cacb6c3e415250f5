namespace Crashdesk.Core.Services;

/// <summary>A note to add: Markdown, and optionally an anchor (<c>log-line</c>, <c>frame</c>, <c>task</c>, <c>lock</c> and a position; see <see cref="NoteAnchorResolver"/>).</summary>
/// <see cref="Visibility"/> null: internal for engineers; a customer's note is always visible to the customer.
public sealed record NewNote(string Body, string? AnchorKind = null, string? AnchorPosition = null, Crashdesk.Core.Domain.NoteVisibility? Visibility = null);
