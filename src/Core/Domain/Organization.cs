namespace Crashdesk.Core.Domain;

/// <summary>
/// A tenant: a customer, or the support centre itself (<see cref="IsProvider"/>). Every case, API key and
/// membership belongs to exactly one.
/// </summary>
public sealed class Organization
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>The support centre: its administrators create customer organisations.</summary>
    public bool IsProvider { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
