namespace Crashdesk.Api.Contracts;

/// <summary>
/// GET /api/v1/me: who the credentials belong to, the organisation they act in now with their role there,
/// and every organisation they are a member of. <c>apiKeyId</c> is set when an API key calls.
/// </summary>
public sealed record MeDto(Guid UserId, Guid OrganizationId, string Email, bool IsAdmin, string Role, Guid? ApiKeyId, IReadOnlyList<string> Scopes,
    IReadOnlyList<OrganizationDto> Organizations);

/// <summary>An organisation the caller belongs to. <c>isProvider</c>: the support centre itself.</summary>
public sealed record OrganizationDto(Guid Id, string Name, bool IsProvider, string Role);

/// <summary>POST /api/v1/me/organization: act in another organisation (browser sessions).</summary>
public sealed record SwitchOrganizationRequest(Guid OrganizationId);

/// <summary>POST /api/v1/organizations.</summary>
public sealed record CreateOrganizationRequest(string Name);
