using Crashdesk.Core.Auth;

namespace Crashdesk.Core.Domain;

/// <summary>A user's place in one organisation, with the role the user holds there.</summary>
public sealed class Membership
{
    public Guid UserId { get; set; }
    public Guid OrganizationId { get; set; }
    public OrganizationRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
