namespace Crashdesk.Core.Services;

/// <summary>Users and passwords (hashed with the framework's PasswordHasher&lt;User&gt;).</summary>
public interface IUserService
{
    /// <summary>Creates a user in an organisation; throws <see cref="ValidationException"/> on a bad or taken e-mail, or a short password.</summary>
    Task<Caller> CreateAsync(Guid organizationId, string email, string displayName, string password, bool isAdmin, CancellationToken cancellationToken = default, bool isOwner = false);

    /// <summary>The user as a caller when the password is right, else null (same answer for an unknown e-mail).</summary>
    Task<Caller?> VerifyPasswordAsync(string email, string password, CancellationToken cancellationToken = default);

    /// <summary>The user as a caller (for re-validating a cookie session), or null if deleted.</summary>
    Task<Caller?> FindAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>The user's display name, or null.</summary>
    Task<string?> GetDisplayNameAsync(Guid userId, CancellationToken cancellationToken = default);
}
