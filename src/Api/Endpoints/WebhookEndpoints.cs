using Crashdesk.Api.Contracts;
using Crashdesk.Core.Paging;
using System.Security.Claims;
using Crashdesk.Api.Auth;
using Crashdesk.Core.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
// The wire form (its status spelled); Core's view of the same name carries the status as an enum.
using WebhookDeliveryView = Crashdesk.Api.Contracts.WebhookDeliveryView;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// /api/v1/webhooks: an organisation's webhook endpoints (admins only): create (the secret is shown
/// once), change, delete, rotate the secret, ping; the delivery log of each, and redelivery.
/// </summary>
internal static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookApi(this RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").WithTags("Webhooks").AdminOnly();
        hooks.MapGet("/", ListAsync).WithName("ListWebhooks").WithSummary("The organisation's webhook endpoints").WithDescription(ListPaging.Whole.Trim());
        hooks.MapPost("/", CreateAsync).WithName("CreateWebhook")
            .WithSummary("Adds an endpoint: url (http or https), description, events (none: all); the signing secret is in this answer only")
            .WithDescription("Events: case.created, case.updated, case.status_changed, note.added, analysis.completed, analysis.failed, group.known_issue. "
                + "Each is POSTed as JSON {type, timestamp, data}, signed by the Standard Webhooks scheme (headers webhook-id, webhook-timestamp, webhook-signature).");
        hooks.MapGet("/{webhookId:guid}", GetAsync).WithName("GetWebhook")
            .WithSummary("One endpoint; disabledReason says why it was disabled (an admin, or failing every try for Webhooks:DisableAfter)");
        hooks.MapPut("/{webhookId:guid}", UpdateAsync).WithName("UpdateWebhook")
            .WithSummary("Changes url, description, events or enabled (fields left out stay); enabling clears the failure record");
        hooks.MapDelete("/{webhookId:guid}", DeleteAsync).WithName("DeleteWebhook").WithSummary("Removes the endpoint and its delivery log");
        hooks.MapPost("/{webhookId:guid}/rotate-secret", RotateAsync).WithName("RotateWebhookSecret")
            .WithSummary("A new secret, shown once; the previous one also signs (a second v1 signature) for Webhooks:SecretOverlap");
        hooks.MapPost("/{webhookId:guid}/ping", PingAsync).WithName("PingWebhook").WithSummary("Sends a webhook.ping event to this endpoint → 202 with the delivery");
        hooks.MapGet("/{webhookId:guid}/deliveries", ListDeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary("The endpoint's deliveries, newest first, each with its tries: status, latency, the head of the answer")
            .WithDescription(ListPaging.Described.Trim());
        hooks.MapGet("/{webhookId:guid}/deliveries/{deliveryId:guid}", GetDeliveryAsync).WithName("GetWebhookDelivery")
            .WithSummary("One delivery with its tries and the body sent");
        hooks.MapPost("/{webhookId:guid}/deliveries/{deliveryId:guid}/redeliver", RedeliverAsync).WithName("RedeliverWebhook")
            .WithSummary("Sends the delivery's event again (same webhook-id, fresh timestamp and signature) → 202 with the new delivery");
        return api;
    }

    private static async Task<Ok<CursorPageDto<WebhookEndpointView>>> ListAsync(ClaimsPrincipal user, IWebhookService webhooks, CancellationToken cancellationToken) =>
        // An organisation has a few endpoints (one per receiving system): one page.
        TypedResults.Ok(CursorPageDto<WebhookEndpointView>.All(await webhooks.ListAsync(user.Caller(), cancellationToken)));

    private static async Task<Created<CreatedWebhookView>> CreateAsync(WebhookEndpointInput request, ClaimsPrincipal user, IWebhookService webhooks, CancellationToken cancellationToken)
    {
        var created = await webhooks.CreateAsync(user.Caller(), request, cancellationToken);
        return TypedResults.Created($"{CrashdeskApiExtensions.ApiPrefix}/webhooks/{created.Endpoint.Id}", created);
    }

    private static async Task<Results<Ok<WebhookEndpointView>, ProblemHttpResult>> GetAsync(
        Guid webhookId, ClaimsPrincipal user, IWebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.GetAsync(user.Caller(), webhookId, cancellationToken) is { } found ? TypedResults.Ok(found) : NotFound(webhookId);

    private static async Task<Results<Ok<WebhookEndpointView>, ProblemHttpResult>> UpdateAsync(
        Guid webhookId, WebhookEndpointInput request, ClaimsPrincipal user, IWebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.UpdateAsync(user.Caller(), webhookId, request, cancellationToken) is { } found ? TypedResults.Ok(found) : NotFound(webhookId);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid webhookId, ClaimsPrincipal user, IWebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.DeleteAsync(user.Caller(), webhookId, cancellationToken) ? TypedResults.NoContent() : NotFound(webhookId);

    private static async Task<Results<Ok<CreatedWebhookView>, ProblemHttpResult>> RotateAsync(
        Guid webhookId, ClaimsPrincipal user, IWebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.RotateSecretAsync(user.Caller(), webhookId, cancellationToken) is { } rotated ? TypedResults.Ok(rotated) : NotFound(webhookId);

    private static async Task<Results<Accepted<WebhookDeliveryView>, ProblemHttpResult>> PingAsync(
        Guid webhookId, ClaimsPrincipal user, IWebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.PingAsync(user.Caller(), webhookId, cancellationToken) is { } delivery
            ? TypedResults.Accepted($"{CrashdeskApiExtensions.ApiPrefix}/webhooks/{webhookId}/deliveries/{delivery.Id}", WebhookDeliveryView.Of(delivery)) : NotFound(webhookId);

    private static async Task<Results<Ok<CursorPageDto<WebhookDeliveryView>>, ProblemHttpResult>> ListDeliveriesAsync(
        Guid webhookId, ClaimsPrincipal user, IWebhookService webhooks, CancellationToken cancellationToken, string? cursor = null, int? limit = null) =>
        await webhooks.ListDeliveriesAsync(user.Caller(), webhookId, PageRequest.Of(cursor, limit), cancellationToken) is { } page
            ? TypedResults.Ok(CursorPageDto<WebhookDeliveryView>.Of(page, WebhookDeliveryView.Of)) : NotFound(webhookId);

    private static async Task<Results<Ok<WebhookDeliveryView>, ProblemHttpResult>> GetDeliveryAsync(
        Guid webhookId, Guid deliveryId, ClaimsPrincipal user, IWebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.GetDeliveryAsync(user.Caller(), webhookId, deliveryId, cancellationToken) is { } delivery
            ? TypedResults.Ok(WebhookDeliveryView.Of(delivery)) : DeliveryNotFound(webhookId, deliveryId);

    private static async Task<Results<Accepted<WebhookDeliveryView>, ProblemHttpResult>> RedeliverAsync(
        Guid webhookId, Guid deliveryId, ClaimsPrincipal user, IWebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.RedeliverAsync(user.Caller(), webhookId, deliveryId, cancellationToken) is { } delivery
            ? TypedResults.Accepted($"{CrashdeskApiExtensions.ApiPrefix}/webhooks/{webhookId}/deliveries/{delivery.Id}", WebhookDeliveryView.Of(delivery)) : DeliveryNotFound(webhookId, deliveryId);

    private static ProblemHttpResult NotFound(Guid webhookId) => Problems.Of(status: StatusCodes.Status404NotFound,
        title: "Webhook not found", detail: $"There is no webhook endpoint {webhookId} in your organisation.");

    private static ProblemHttpResult DeliveryNotFound(Guid webhookId, Guid deliveryId) => Problems.Of(status: StatusCodes.Status404NotFound,
        title: "Delivery not found", detail: $"Webhook endpoint {webhookId} of your organisation has no delivery {deliveryId}.");
}
