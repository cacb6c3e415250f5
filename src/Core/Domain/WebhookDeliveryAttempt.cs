namespace Crashdesk.Core.Domain;

/// <summary>
/// One HTTP try of a delivery: the answer's status (null when none came: refused, timed out), how
/// long it took, the head of the answer's body (secrets masked) or what went wrong.
/// </summary>
public sealed class WebhookDeliveryAttempt
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;
    public int? StatusCode { get; set; }
    public int LatencyMs { get; set; }
    public string? ResponseExcerpt { get; set; }
    public string? Error { get; set; }

    public const int ExcerptMax = 1000;
    public const int ErrorMax = 500;
}
