namespace Crashdesk.Core.Domain;

/// <summary>
/// One row of the audit log: who (a person, by session or API key), when, from which address, did what to
/// which object. Append-only (a database trigger refuses UPDATE and DELETE); it names its actor and target
/// by value, so it outlives them.
/// </summary>
public sealed class AuditEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>The person; null for a sign-in attempt with an e-mail nobody has.</summary>
    public Guid? ActorUserId { get; set; }
    /// <summary>The person's display name when it happened.</summary>
    public string? ActorName { get; set; }
    public string? ActorEmail { get; set; }
    /// <summary>Set when the person acted through an API key.</summary>
    public Guid? ApiKeyId { get; set; }
    public string? ClientAddress { get; set; }
    /// <summary>One of <see cref="Audit.AuditAction"/>'s names, e.g. <c>artifact.download</c>.</summary>
    public required string Action { get; set; }
    /// <summary>What kind of object <see cref="TargetId"/> is: <c>artifact</c>, <c>report</c>, <c>user</c>, <c>apikey</c>, …</summary>
    public string? TargetKind { get; set; }
    public Guid? TargetId { get; set; }
    public Guid? CaseId { get; set; }
    /// <summary>A flat JSON object of strings (file name, report version, old and new role, the export's filters).</summary>
    public string? Detail { get; set; }
}
