namespace Crashdesk.Core.Domain;

/// <summary>
/// One event on its way to one endpoint: a row claimed and leased like an analysis
/// (<see cref="Webhooks.DeliverWebhookWork.Table"/>). <see cref="Attempts"/> counts claims of the
/// current job (the job system's bookkeeping); <see cref="Tries"/> counts HTTP requests, each one a
/// <see cref="WebhookDeliveryAttempt"/>. Status: pending → delivering → delivered | scheduled (the next
/// try at <see cref="NextAttemptAt"/>) | failed.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EndpointId { get; set; }
    public Guid EventId { get; set; }
    /// <summary><c>event</c>, <c>redelivery</c> (an admin asked) or <c>ping</c> (a test).</summary>
    public string Reason { get; set; } = WebhookDeliveryReasons.Event;
    public WebhookDeliveryStatus Status { get; set; } = WebhookDeliveryStatus.Pending;
    public int Attempts { get; set; }
    public int Tries { get; set; }
    public string? WorkerName { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? QueueJobId { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public int? LastLatencyMs { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>Why a <see cref="WebhookDelivery"/> exists.</summary>
public static class WebhookDeliveryReasons
{
    public const string Event = "event";
    public const string Redelivery = "redelivery";
    public const string Ping = "ping";
}
