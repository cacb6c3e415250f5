namespace Crashdesk.Core.Services;

/// <summary>
/// Who is calling an application service: every query and command is scoped to <see cref="OrganizationId"/>.
/// <see cref="IsOwner"/>: the installation's owner (the first administrator), who may act in the operations dashboard.
/// </summary>
public sealed record Caller(Guid UserId, Guid OrganizationId, string Email, bool IsAdmin, bool IsOwner = false);
