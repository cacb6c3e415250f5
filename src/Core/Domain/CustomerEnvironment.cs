namespace Crashdesk.Core.Domain;

/// <summary>
/// A named, reusable description of a customer's machines ("ACME production DB cluster"), per
/// organisation. Cases link to one (<see cref="Case.EnvironmentId"/>); its versions are
/// <see cref="EnvironmentSnapshot"/>s, one of which can be taken from a linked case.
/// </summary>
public sealed class CustomerEnvironment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public required string Name { get; set; }
    /// <summary>The name folded for uniqueness per organisation (lower case, trimmed).</summary>
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    public const int NameMax = 200;
    public const int DescriptionMax = 2000;

    public static string Normalize(string name) => name.Trim().ToLowerInvariant();
}
