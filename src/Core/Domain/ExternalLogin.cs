namespace Crashdesk.Core.Domain;

/// <summary>
/// A single sign-on identity linked to a user: an OpenID Connect provider's (issuer, subject) pair, which
/// OpenID Connect Core 1.0 §5.7 names as the only stable, unique identifier of an end-user (an e-mail may change
/// or be reassigned).
/// </summary>
public sealed class ExternalLogin
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The provider's <c>iss</c>, exactly as its ID tokens carry it.</summary>
    public required string Issuer { get; set; }
    /// <summary>The provider's <c>sub</c>: unique within the issuer, never reassigned.</summary>
    public required string Subject { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
