namespace Crashdesk.Api.Contracts;

/// <summary>
/// A row of GET /api/v1/cases/{id}/timeline. <c>kind</c>: <c>created</c>, a field (<c>title</c>,
/// <c>customer</c>, <c>externalReference</c>, <c>description</c>, <c>status</c>, <c>priority</c>,
/// <c>assignee</c>), <c>tag-added</c>, <c>tag-removed</c>, <c>note-added</c>, <c>note-edited</c>,
/// <c>note-deleted</c> or <c>report</c> (an analysis stored a report; <c>actorUserId</c> null).
/// </summary>
public sealed record CaseEventDto(
    Guid Id, DateTimeOffset At, Guid? ActorUserId, string ActorName, string Kind, string? OldValue, string? NewValue, Guid? NoteId);
