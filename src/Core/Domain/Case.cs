namespace Crashdesk.Core.Domain;

/// <summary>A support case: one customer problem, its uploaded artifacts, analyses and reports.</summary>
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
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
