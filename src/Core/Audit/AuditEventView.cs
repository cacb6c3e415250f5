namespace Crashdesk.Core.Audit;

/// <summary>One audit event as shown to administrators; <see cref="ApiKeyName"/> is the key's name now (keys are revoked, never deleted).</summary>
public sealed record AuditEventView(
    Guid Id, DateTimeOffset At, Guid? ActorUserId, string? ActorName, string? ActorEmail, Guid? ApiKeyId, string? ApiKeyName,
    string? ClientAddress, string Action, string? TargetKind, Guid? TargetId, Guid? CaseId, IReadOnlyDictionary<string, string>? Detail);
