namespace Crashdesk.Core.Services;

/// <summary>What a note said before its edit to revision <see cref="Revision"/> + 1.</summary>
public sealed record NoteRevisionView(int Revision, string Body, string? EditorName, DateTimeOffset EditedAt);
