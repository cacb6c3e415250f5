namespace Crashdesk.Core.Domain;

/// <summary>A tenant: a support organisation. Every case, user and API key belongs to exactly one.</summary>
public sealed class Organization
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
