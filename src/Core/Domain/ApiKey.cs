using Crashdesk.Core.Auth;

namespace Crashdesk.Core.Domain;

/// <summary>
/// A machine credential acting as its <see cref="User"/>, within <see cref="Scopes"/> and never beyond the
/// user's role. Only a SHA-256 hash of the key is kept: keys are 256-bit random values, so a fast hash is
/// enough (no password stretching needed), and the plaintext is shown once at creation.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public Guid UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>The key's first characters, for humans to tell keys apart; not secret enough to authenticate.</summary>
    public required string Prefix { get; set; }
    /// <summary>Lower-case hex SHA-256 of the whole key; unique.</summary>
    public required string KeyHash { get; set; }
    public ApiKeyScopes Scopes { get; set; } = ApiKeyScopes.All;
    /// <summary>False: the key acts only in <see cref="OrganizationId"/> even when its user serves several.</summary>
    public bool AllOrganizations { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public string? LastUsedAddress { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
