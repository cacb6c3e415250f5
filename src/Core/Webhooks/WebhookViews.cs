using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Webhooks;

/// <summary>
/// An endpoint as admins see it (never its secret). <c>events</c>: empty means every event.
/// <c>disabledReason</c>: why it was disabled (by an admin, or automatically after failing for too long);
/// <c>failingSince</c>: the first failed try since the last success; <c>previousSecretValidUntil</c>:
/// until when the secret before the last rotation signs too.
/// </summary>
public sealed record WebhookEndpointView(
    Guid Id, string Url, string Description, IReadOnlyList<string> Events, bool Enabled, DateTimeOffset? DisabledAt, string? DisabledReason,
    DateTimeOffset? FailingSince, DateTimeOffset? LastSuccessAt, DateTimeOffset? PreviousSecretValidUntil, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>An endpoint just created or whose secret was rotated: <c>secret</c> (Standard Webhooks' <c>whsec_…</c>) is shown this once.</summary>
public sealed record CreatedWebhookView(WebhookEndpointView Endpoint, string Secret);

/// <summary>
/// One delivery of an event to the endpoint: status (<c>pending</c>, <c>delivering</c>, <c>scheduled</c> — the
/// next try at <c>nextAttemptAt</c> —, <c>delivered</c>, <c>failed</c>), why it exists (<c>event</c>,
/// <c>redelivery</c>, <c>ping</c>), every try, and (for one delivery) the body sent.
/// <c>webhookId</c> is the <c>webhook-id</c> header: the event's id, the same on every try and redelivery.
/// </summary>
public sealed record WebhookDeliveryView(
    Guid Id, string WebhookId, string EventType, string Reason, WebhookDeliveryStatus Status, int Tries, DateTimeOffset? NextAttemptAt,
    int? LastStatusCode, int? LastLatencyMs, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt,
    IReadOnlyList<WebhookAttemptView> Attempts, string? Body);

/// <summary>One HTTP try: status (null when no answer came), latency, the head of the answer (secrets masked), or the error.</summary>
public sealed record WebhookAttemptView(int Number, DateTimeOffset At, int? StatusCode, int LatencyMs, string? ResponseExcerpt, string? Error);

/// <summary>
/// What an admin sends to create or change an endpoint; a field left out (null) stays as it is on update.
/// <c>events</c>: the event types to receive, none for all.
/// </summary>
public sealed record WebhookEndpointInput
{
    public string? Url { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string>? Events { get; init; }
    public bool? Enabled { get; init; }
}
