using Crashdesk.Core.Paging;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Webhooks;

/// <summary>An organisation's webhook endpoints and their delivery log; administrators only. Null: no such endpoint (or delivery) in the caller's organisation.</summary>
public interface IWebhookService
{
    Task<IReadOnlyList<WebhookEndpointView>> ListAsync(Caller caller, CancellationToken cancellationToken = default);
    Task<WebhookEndpointView?> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken = default);
    Task<CreatedWebhookView> CreateAsync(Caller caller, WebhookEndpointInput input, CancellationToken cancellationToken = default);
    Task<WebhookEndpointView?> UpdateAsync(Caller caller, Guid id, WebhookEndpointInput input, CancellationToken cancellationToken = default);
    Task<bool> DeleteAsync(Caller caller, Guid id, CancellationToken cancellationToken = default);
    /// <summary>A new secret; the old one keeps signing (a second signature) for <c>Webhooks:SecretOverlap</c>.</summary>
    Task<CreatedWebhookView?> RotateSecretAsync(Caller caller, Guid id, CancellationToken cancellationToken = default);
    Task<CursorPage<WebhookDeliveryView>?> ListDeliveriesAsync(Caller caller, Guid id, PageRequest request, CancellationToken cancellationToken = default);
    Task<WebhookDeliveryView?> GetDeliveryAsync(Caller caller, Guid id, Guid deliveryId, CancellationToken cancellationToken = default);
    /// <summary>Sends the delivery's event again, as a new delivery with the same <c>webhook-id</c>.</summary>
    Task<WebhookDeliveryView?> RedeliverAsync(Caller caller, Guid id, Guid deliveryId, CancellationToken cancellationToken = default);
    /// <summary>Sends a <c>webhook.ping</c> event to this endpoint alone.</summary>
    Task<WebhookDeliveryView?> PingAsync(Caller caller, Guid id, CancellationToken cancellationToken = default);
}
