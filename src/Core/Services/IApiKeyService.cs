using Crashdesk.Core.Auth;

namespace Crashdesk.Core.Services;

/// <summary>API keys acting as their user within their scopes; stored as SHA-256 hashes.</summary>
public interface IApiKeyService
{
    Task<CreatedApiKey> CreateAsync(Caller caller, NewApiKey key, CancellationToken cancellationToken = default);

    /// <summary>Administrators see every key of the organisation; others their own.</summary>
    Task<IReadOnlyList<ApiKeyView>> ListAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Revokes a key the caller may manage; false if there is no such key.</summary>
    Task<bool> RevokeAsync(Caller caller, Guid keyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rotation without downtime: a new key with the old one's name, scopes and reach; the old key stays
    /// valid for <paramref name="grace"/> (default <c>Accounts:RotationGrace</c>), so both work while clients
    /// move over. Null: no such key, or it is revoked or expired.
    /// </summary>
    Task<CreatedApiKey?> RotateAsync(Caller caller, Guid keyId, TimeSpan? grace, CancellationToken cancellationToken = default);

    /// <summary>
    /// The key's user as a caller in <paramref name="organizationId"/> (null: the key's own organisation), or
    /// null for an unknown, revoked or expired key, a deactivated user, an organisation the key may not act in
    /// or the user is not a member of. Records the last use (time and address), at most once a minute.
    /// </summary>
    Task<Caller?> AuthenticateAsync(string secret, string? remoteAddress, Guid? organizationId = null, CancellationToken cancellationToken = default);
}

/// <summary>What a new key may do: scopes, an optional expiry, and whether it may act in every organisation of its user.</summary>
public sealed record NewApiKey(string Name, ApiKeyScopes Scopes = ApiKeyScopes.All, DateTimeOffset? ExpiresAt = null, bool AllOrganizations = false);
