namespace Crashdesk.Core.Domain;

/// <summary>
/// What an organisation's administrators decided about its data: how many days raw dumps are kept
/// (null: for ever) and how many bytes its artifacts may take (null: no quota). No row: neither.
/// </summary>
public sealed class OrganizationDataPolicy
{
    public Guid OrganizationId { get; set; }
    public int? RetentionDays { get; set; }
    public long? QuotaBytes { get; set; }
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public Guid? UpdatedByUserId { get; set; }
}
