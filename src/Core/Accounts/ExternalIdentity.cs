using Crashdesk.Core.Auth;

namespace Crashdesk.Core.Accounts;

/// <summary>Who an OpenID Connect provider says signed in: its (issuer, subject) and what it claims about the e-mail.</summary>
public sealed record ExternalIdentity(string Issuer, string Subject, string? Email, bool EmailVerified, string? Name);

/// <summary>
/// Whether an identity nobody is linked to gets a new account, and where: <see cref="Organization"/> is an
/// organisation's id or its name; the account's role there is <see cref="Role"/>.
/// </summary>
public sealed record ExternalProvisioning(bool Enabled, string? Organization, OrganizationRole Role)
{
    public static ExternalProvisioning Off { get; } = new(false, null, OrganizationRole.Customer);
}

public enum ExternalSignInOutcome
{
    Success,
    /// <summary>Nobody is linked to the identity, no active account has its verified e-mail, and provisioning is off.</summary>
    NoAccount,
    /// <summary>Nobody is linked, and the provider has not verified the e-mail: it links to nothing and provisions nothing.</summary>
    EmailNotVerified,
    Deactivated,
    LockedOut,
}

/// <summary>The outcome; <see cref="Email"/> is the Crashdesk account's e-mail when there is one, else the provider's.</summary>
public sealed record ExternalSignIn(ExternalSignInOutcome Outcome, Guid? UserId, string? Email, DateTimeOffset? LockedUntil = null);

/// <summary>A linked single sign-on identity as administrators see it.</summary>
public sealed record ExternalLoginView(Guid Id, Guid UserId, string Issuer, string Subject, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);
