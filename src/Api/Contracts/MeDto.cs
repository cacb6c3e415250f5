namespace Crashdesk.Api.Contracts;

/// <summary>GET /api/v1/me: who the credentials belong to.</summary>
public sealed record MeDto(Guid UserId, Guid OrganizationId, string Email, bool IsAdmin);
