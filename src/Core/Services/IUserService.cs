using Crashdesk.Core.Accounts;
using Crashdesk.Core.Auth;

namespace Crashdesk.Core.Services;

/// <summary>Users and their passwords, through ASP.NET Core Identity's UserManager (rules, hashing, lockout).</summary>
public interface IUserService
{
    /// <summary>
    /// Creates a user whose home is <paramref name="organizationId"/>, a member there with <paramref name="role"/>;
    /// throws <see cref="ValidationException"/> on a bad or taken e-mail, or a password the rules refuse.
    /// </summary>
    Task<Caller> CreateAsync(Guid organizationId, string email, string displayName, string password, OrganizationRole role, CancellationToken cancellationToken = default, bool isOwner = false);

    /// <summary>
    /// Checks a password with lockout: failures count, and after <c>Identity:Lockout</c>'s limit the account
    /// refuses even the right password until the lockout ends. Unknown e-mails spend the same time.
    /// </summary>
    Task<PasswordCheck> CheckPasswordAsync(string email, string password, CancellationToken cancellationToken = default);

    /// <summary>The user's display name, or null.</summary>
    Task<string?> GetDisplayNameAsync(Guid userId, CancellationToken cancellationToken = default);
}
