using Crashdesk.Core.Services;

namespace Crashdesk.Core.Accounts;

/// <summary>Single sign-on identities (issuer, subject) linked to users: found, linked or provisioned at sign-in; listed and unlinked by administrators.</summary>
public interface IExternalLoginService
{
    /// <summary>
    /// The user an identity signs in as: the one linked to (issuer, subject); else the account with the identity's
    /// e-mail when the provider verified it (the identity is linked to it); else a new account when provisioning
    /// is on (and the e-mail verified). A deactivated or locked-out account is refused. Links are audited.
    /// </summary>
    Task<ExternalSignIn> ResolveAsync(ExternalIdentity identity, ExternalProvisioning provisioning, CancellationToken cancellationToken = default);

    /// <summary>The identities of the users whose home is the caller's organisation (or of one of them): administrators only.</summary>
    Task<IReadOnlyList<ExternalLoginView>> ListAsync(Caller caller, Guid? userId = null, CancellationToken cancellationToken = default);

    /// <summary>Removes one (audited); false when the user is not at home in the caller's organisation or has no such identity.</summary>
    Task<bool> UnlinkAsync(Caller caller, Guid userId, Guid loginId, CancellationToken cancellationToken = default);
}
