namespace Crashdesk.Core.Services;

/// <summary>A timeline row: who (null id: the service), when, what changed, from and to.</summary>
public sealed record CaseEventView(
    Guid Id, DateTimeOffset At, Guid? ActorUserId, string ActorName, string Kind, string? OldValue, string? NewValue, Guid? NoteId);
