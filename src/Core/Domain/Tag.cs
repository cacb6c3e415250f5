namespace Crashdesk.Core.Domain;

/// <summary>A free tag of one organisation; the same name in any letter case is the same tag.</summary>
public sealed class Tag
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public required string Name { get; set; }
    /// <summary>Lower-cased <see cref="Name"/>: unique per organisation.</summary>
    public required string NormalizedName { get; set; }
}
