namespace Crashdesk.Api.Contracts;

/// <summary>
/// One audit event: when, who (<c>actorUserId</c>, name and e-mail as they were; <c>apiKeyId</c>/<c>apiKeyName</c> when
/// the person acted through a key), from which <c>clientAddress</c>, the <c>action</c> (e.g. <c>artifact.download</c>,
/// <c>report.view</c>, <c>role.change</c>), its target (<c>targetKind</c>, <c>targetId</c>), the case, and flat
/// <c>detail</c> strings (file name, report version, old and new role …).
/// </summary>
public sealed record AuditEventDto(
    Guid Id, DateTimeOffset At, Guid? ActorUserId, string? ActorName, string? ActorEmail, Guid? ApiKeyId, string? ApiKeyName,
    string? ClientAddress, string Action, string? TargetKind, Guid? TargetId, Guid? CaseId, IReadOnlyDictionary<string, string>? Detail);
