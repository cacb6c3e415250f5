namespace Crashdesk.Api.Contracts;

/// <summary>PUT /api/v1/cases/{id}/notes/{noteId}: the new Markdown body and the note revision it was made against.</summary>
public sealed record EditNoteRequest(string Body, int Revision);
