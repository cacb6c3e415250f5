namespace Crashdesk.Core.Domain;

/// <summary>A case on legal hold: no retention policy purges its objects while the row exists.</summary>
public sealed class CaseLegalHold
{
    public Guid CaseId { get; set; }
    public Guid? PlacedByUserId { get; set; }
    /// <summary>Who placed it, as shown (kept when the user is deleted).</summary>
    public required string PlacedByName { get; set; }
    public DateTimeOffset PlacedAt { get; set; } = DateTimeOffset.UtcNow;
    public string? Reason { get; set; }
}
