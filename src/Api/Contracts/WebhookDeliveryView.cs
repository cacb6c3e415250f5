using Crashdesk.Core.Domain;
using Crashdesk.Core.Webhooks;

namespace Crashdesk.Api.Contracts;

/// <summary>
/// One delivery of an event to a webhook endpoint, as the API sends it: Core's view with its status spelled
/// (pending, delivering, scheduled — the next try at <c>nextAttemptAt</c> —, delivered, failed). It keeps the
/// name of Core's view because that name is its schema's in the OpenAPI document, which clients have generated from.
/// </summary>
public sealed record WebhookDeliveryView(
    Guid Id, string WebhookId, string EventType, string Reason, string Status, int Tries, DateTimeOffset? NextAttemptAt,
    int? LastStatusCode, int? LastLatencyMs, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt,
    IReadOnlyList<WebhookAttemptView> Attempts, string? Body)
{
    /// <summary>From Core's view.</summary>
    public static WebhookDeliveryView Of(Core.Webhooks.WebhookDeliveryView v) => new(
        v.Id, v.WebhookId, v.EventType, v.Reason, StatusNames.Name(v.Status), v.Tries, v.NextAttemptAt,
        v.LastStatusCode, v.LastLatencyMs, v.LastError, v.CreatedAt, v.FinishedAt, v.Attempts, v.Body);
}
