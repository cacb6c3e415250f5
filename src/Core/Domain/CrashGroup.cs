namespace Crashdesk.Core.Domain;

/// <summary>
/// The cases of one crash in one organisation: made for a crash signature
/// (<see cref="Analysis.Triage.CrashSignature"/>) when its first case is analysed, or by a person
/// splitting cases off another group (then <see cref="Signature"/> is null). A group merged into
/// another keeps its row and points at it (<see cref="MergedIntoId"/>), so later cases with its
/// signature join the group it was merged into.
/// </summary>
public sealed class CrashGroup
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public string? Signature { get; set; }
    /// <summary>The signature algorithm's version that made <see cref="Signature"/>.</summary>
    public int? SignatureVersion { get; set; }
    public required string Title { get; set; }
    public string? CrashClass { get; set; }
    public string? GuiltyFrame { get; set; }
    public Guid? MergedIntoId { get; set; }
    /// <summary>Who split it off; null for a group the analysis made.</summary>
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// How many cases the group has, and its first and last case's creation time (null while it has none).
    /// Kept by the database's triggers on cases (migrations/0017_crash_group_counts.sql), never written
    /// here: read them for lists over many groups; a tracked entity's values may be older than its cases.
    /// </summary>
    public int CaseCount { get; private set; }
    public DateTimeOffset? FirstSeen { get; private set; }
    public DateTimeOffset? LastSeen { get; private set; }

    public const int TitleMax = 500;
}
