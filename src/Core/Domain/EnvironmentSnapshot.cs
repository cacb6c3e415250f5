namespace Crashdesk.Core.Domain;

/// <summary>
/// One version of an environment: of a case (<see cref="CaseId"/>) or of a customer environment
/// (<see cref="EnvironmentId"/>), never both. Every import or edit adds a version; none is changed
/// afterwards. <see cref="Content"/> is the <see cref="Environments.EnvironmentDocument"/> as JSON.
/// </summary>
public sealed class EnvironmentSnapshot
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? CaseId { get; set; }
    public Guid? EnvironmentId { get; set; }
    /// <summary>1, 2, … per owner.</summary>
    public int Version { get; set; }
    /// <summary>What made this version (<see cref="Environments.FactSources"/>).</summary>
    public required string Source { get; set; }
    /// <summary>For people: "from dump.zst", "sosreport-db1.tar.xz", "hardware edited", "taken from case …".</summary>
    public required string Summary { get; set; }
    public Guid? AuthorUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public required string Content { get; set; }
    /// <summary>Packages in <see cref="Content"/>, for lists without parsing it.</summary>
    public int PackageCount { get; set; }

    public const int SummaryMax = 500;
}
