namespace Crashdesk.Api.Contracts;

/// <summary>What a note said at <c>revision</c>, before the edit made by <c>editorName</c> at <c>editedAt</c>.</summary>
public sealed record NoteRevisionDto(int Revision, string Body, string? EditorName, DateTimeOffset EditedAt);
