namespace Crashdesk.Core.Services;

/// <summary>API keys acting as their user; stored as SHA-256 hashes.</summary>
public interface IApiKeyService
{
    Task<CreatedApiKey> CreateAsync(Caller caller, string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ApiKeyView>> ListAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Revokes one of the caller's organisation's keys; false if there is no such key.</summary>
    Task<bool> RevokeAsync(Caller caller, Guid keyId, CancellationToken cancellationToken = default);

    /// <summary>The key's user as a caller, or null for an unknown or revoked key.</summary>
    Task<Caller?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default);
}
