using Crashdesk.Core.Auth;

namespace Crashdesk.Core.Services;

/// <summary>An API key as listed: never the key itself, only its prefix.</summary>
public sealed record ApiKeyView(
    Guid Id, string Name, string Prefix, Guid UserId, ApiKeyScopes Scopes, bool AllOrganizations, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, string? LastUsedAddress, DateTimeOffset? RevokedAt);
