namespace Crashdesk.Core.Domain;

/// <summary>
/// One event in the outbox, added to the same transaction as the change it announces, so an event is
/// sent exactly when its change committed. <see cref="Body"/> is the exact JSON every delivery signs
/// and sends; <see cref="RelayedAt"/> is set once the relay made its deliveries.
/// </summary>
public sealed class WebhookEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public required string Type { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? RelayedAt { get; set; }

    public const int TypeMax = 50;
}
