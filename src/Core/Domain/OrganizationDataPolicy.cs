namespace Crashdesk.Core.Domain;

/// <summary>
/// What an organisation's administrators decided about its data: how many days raw dumps are kept
/// (null: for ever), how many bytes its artifacts may take (null: no quota) and how many days its audit
/// log is kept (null: for ever). No row: none of them.
/// </summary>
public sealed class OrganizationDataPolicy
{
    public Guid OrganizationId { get; set; }
    public int? RetentionDays { get; set; }
    public long? QuotaBytes { get; set; }
    public int? AuditRetentionDays { get; set; }
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public Guid? UpdatedByUserId { get; set; }
}
