namespace Crashdesk.Core.Domain;

/// <summary>
/// pending → delivering → delivered | scheduled (the next try at <see cref="WebhookDelivery.NextAttemptAt"/>) | failed.
/// Stored as lower-case text.
/// </summary>
public enum WebhookDeliveryStatus
{
    Pending,
    Delivering,
    Scheduled,
    Delivered,
    Failed,
}
