namespace Crashdesk.Core.Domain;

/// <summary>
/// A browser session. The cookie carries only this row's id: signing out revokes the row, so a copied
/// cookie stops working at once; a changed security stamp (password, deactivation) ends every session.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    /// <summary>The organisation the session acts in now (the person switches between memberships).</summary>
    public Guid OrganizationId { get; set; }
    /// <summary>The user's security stamp when the session began.</summary>
    public required string SecurityStamp { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset LastSeenAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RemoteAddress { get; set; }
    public string? UserAgent { get; set; }
}
