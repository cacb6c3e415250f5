namespace Crashdesk.Core.Domain;

/// <summary>An external sign-in (an OpenID Connect provider's subject) linked to a user.</summary>
public sealed class UserLogin
{
    public required string LoginProvider { get; set; }
    public required string ProviderKey { get; set; }
    public Guid UserId { get; set; }
    public string? ProviderDisplayName { get; set; }
}
