using NpgsqlTypes;

namespace Crashdesk.Core.Domain;

/// <summary>
/// A support case: one customer problem, its uploaded artifacts, analyses and reports, and where it
/// stands in the workflow. The report facts (<see cref="PanicLine"/> … <see cref="KernelRelease"/>)
/// are the newest report's, copied here when it is stored so the case list filters and searches
/// without reading reports.
/// </summary>
public sealed class Case
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public required string Title { get; set; }
    /// <summary>The customer the case is for (free text: the tenant is <see cref="OrganizationId"/>).</summary>
    public required string Customer { get; set; }
    /// <summary>Ticket id in the support centre's ticketing system, if any.</summary>
    public string? ExternalReference { get; set; }
    public string? Description { get; set; }
    public CaseStatus Status { get; set; } = CaseStatus.New;
    public CasePriority Priority { get; set; } = CasePriority.P3;
    /// <summary>The user of the organisation working on it; null: nobody.</summary>
    public Guid? AssigneeUserId { get; set; }
    /// <summary>
    /// Bumped by every edit a person makes (not by analyses): the optimistic-concurrency token
    /// behind the API's ETag and the UI's "changed by … reload".
    /// </summary>
    public int Revision { get; set; } = 1;
    public Guid? CreatedByUserId { get; set; }
    public Guid? UpdatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>When the case was last closed; null while it is open.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    public string? PanicLine { get; set; }
    public string? TriageTitle { get; set; }
    public string? CrashClass { get; set; }
    public string? GuiltyFrame { get; set; }
    public string? KernelRelease { get; set; }
    /// <summary>The kernel's build string (<c>uname -v</c>): where distributions name their package version.</summary>
    public string? KernelBuild { get; set; }
    /// <summary>The primary crash's call-trace functions from the guilty frame down (<see cref="Jobs.CaseTraceFrames"/>): what similar cases share.</summary>
    public List<string>? TraceFrames { get; set; }
    /// <summary>The module of the guilty frame; null for the core kernel.</summary>
    public string? GuiltyModule { get; set; }
    /// <summary>The primary crash report's grouping key (<see cref="Analysis.Triage.CrashSignature"/>): cases with one signature are one crash.</summary>
    public string? CrashSignature { get; set; }
    /// <summary>The crash group the case belongs to: its signature's, or the one a person put it in.</summary>
    public Guid? GroupId { get; set; }
    /// <summary>True when a person chose <see cref="GroupId"/> (moved or split): re-analysis leaves it there.</summary>
    public bool GroupPinned { get; set; }
    /// <summary>The customer environment this case's machine belongs to, if linked.</summary>
    public Guid? EnvironmentId { get; set; }
    /// <summary>
    /// The live notes' bodies, joined (capped at <see cref="NotesTextMax"/> characters), kept by the
    /// note service: the case's one search vector covers its notes too, so a search is one GIN scan.
    /// </summary>
    public string? NotesText { get; set; }

    public const int NotesTextMax = 200_000;

    /// <summary>Title (A); panic line, triage title, guilty frame (B); customer, ticket, description (C); notes (D): a stored generated column.</summary>
    public NpgsqlTsVector? SearchVector { get; set; }
}
