namespace Crashdesk.Core.Domain;

/// <summary>
/// A person who signs in to the UI. Managed through ASP.NET Core Identity's UserManager (password rules,
/// lockout, security stamp) over our own store; roles are per organisation (<see cref="Membership"/>).
/// </summary>
public sealed class User
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The home organisation: where a sign-in starts. The user may be a member of others.</summary>
    public Guid OrganizationId { get; set; }
    /// <summary>Lower-cased; unique across the installation (it is the sign-in name).</summary>
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    public string PasswordHash { get; set; } = "";
    /// <summary>The installation's owner (the first administrator): may act in the operations dashboard.</summary>
    public bool IsOwner { get; set; }
    /// <summary>Changes with the password or a deactivation; sessions begun under another stamp end.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
    public int AccessFailedCount { get; set; }
    public DateTimeOffset? LockoutEnd { get; set; }
    /// <summary>Set: the user may not sign in, and its sessions and API keys stop working.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
