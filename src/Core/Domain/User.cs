namespace Crashdesk.Core.Domain;

/// <summary>A person who signs in to the UI. The password is stored as a PasswordHasher&lt;User&gt; hash.</summary>
public sealed class User
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    /// <summary>Lower-cased; unique across the installation (it is the sign-in name).</summary>
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    public string PasswordHash { get; set; } = "";
    public bool IsAdmin { get; set; }
    /// <summary>The installation's owner (the first administrator): may act in the operations dashboard.</summary>
    public bool IsOwner { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
