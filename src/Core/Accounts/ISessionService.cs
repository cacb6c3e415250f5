using Crashdesk.Core.Services;

namespace Crashdesk.Core.Accounts;

/// <summary>Server-side browser sessions: begun at sign-in, checked on every request, revoked at sign-out.</summary>
public interface ISessionService
{
    /// <summary>Starts a session in the user's home organisation (or its first membership); null if the user may not sign in.</summary>
    Task<Guid?> BeginAsync(Guid userId, string? remoteAddress, string? userAgent, CancellationToken cancellationToken = default);

    /// <summary>
    /// The caller of a live session, or null when it was revoked, expired, its user deactivated, the
    /// user's security stamp changed, or the membership it acts in is gone. The role is read now, so a
    /// role change applies at the next request.
    /// </summary>
    Task<Caller?> ResolveAsync(Guid sessionId, CancellationToken cancellationToken = default);

    Task RevokeAsync(Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>Moves the session to another organisation the user is a member of; false if not a member.</summary>
    Task<bool> SwitchOrganizationAsync(Guid sessionId, Guid organizationId, CancellationToken cancellationToken = default);
}
