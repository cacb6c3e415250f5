namespace Crashdesk.Core.Services;

/// <summary>Who is calling an application service: every query and command is scoped to <see cref="OrganizationId"/>.</summary>
public sealed record Caller(Guid UserId, Guid OrganizationId, string Email, bool IsAdmin);
