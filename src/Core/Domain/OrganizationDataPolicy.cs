namespace Crashdesk.Core.Domain;

/// <summary>
/// What an organisation's administrators decided about its data: how many days raw dumps are kept
/// (null: for ever), how many bytes its artifacts may take (null: no quota) and how many days its audit
/// log is kept (null: for ever), and whether its customers' staff may use the console on their dumps
/// (<see cref="CustomerConsole"/>; engineers always may). No row: none of them.
/// </summary>
public sealed class OrganizationDataPolicy
{
    public Guid OrganizationId { get; set; }
    public int? RetentionDays { get; set; }
    public long? QuotaBytes { get; set; }
    public int? AuditRetentionDays { get; set; }
    public bool CustomerConsole { get; set; }
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public Guid? UpdatedByUserId { get; set; }
}
