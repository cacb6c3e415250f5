using Crashdesk.Core.Paging;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Options;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Webhooks;

internal sealed class WebhookService(CrashdeskDbContext db, IJobQueue queue, SecretSealer sealer, IOptions<WebhookOptions> options) : IWebhookService
{
    private const int MaxEndpoints = 20;

    public async Task<IReadOnlyList<WebhookEndpointView>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        Admin(caller);
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.OrganizationId == caller.OrganizationId)
            .OrderBy(e => e.CreatedAt).ToListAsync(cancellationToken);
        return [.. endpoints.Select(View)];
    }

    public async Task<WebhookEndpointView?> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken = default) =>
        await FindAsync(caller, id, cancellationToken) is { } endpoint ? View(endpoint) : null;

    public async Task<CreatedWebhookView> CreateAsync(Caller caller, WebhookEndpointInput input, CancellationToken cancellationToken = default)
    {
        Admin(caller);
        if (await db.WebhookEndpoints.CountAsync(e => e.OrganizationId == caller.OrganizationId, cancellationToken) >= MaxEndpoints)
            throw new ValidationException("url", $"an organisation has at most {MaxEndpoints} webhook endpoints");
        var endpoint = new WebhookEndpoint
        {
            OrganizationId = caller.OrganizationId,
            Url = Policy.ValidateUrl(input.Url).AbsoluteUri,
            Secret = "",
            CreatedByUserId = caller.UserId,
        };
        string secret = WebhookSignature.NewSecret();
        endpoint.Secret = sealer.Seal(secret, WebhookSecrets.Context(endpoint.Id));
        Apply(endpoint, input with { Url = null });
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedWebhookView(View(endpoint), secret);
    }

    public async Task<WebhookEndpointView?> UpdateAsync(Caller caller, Guid id, WebhookEndpointInput input, CancellationToken cancellationToken = default)
    {
        var endpoint = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (endpoint is null)
            return null;
        if (input.Url is not null)
            endpoint.Url = Policy.ValidateUrl(input.Url).AbsoluteUri;
        Apply(endpoint, input);
        endpoint.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        return View(endpoint);
    }

    public async Task<bool> DeleteAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        Admin(caller);
        return await db.WebhookEndpoints.Where(e => e.Id == id && e.OrganizationId == caller.OrganizationId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<CreatedWebhookView?> RotateSecretAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        var endpoint = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (endpoint is null)
            return null;
        var now = DateTimeOffset.UtcNow;
        endpoint.PreviousSecret = endpoint.Secret;
        endpoint.PreviousSecretUntil = now + options.Value.SecretOverlap;
        string secret = WebhookSignature.NewSecret();
        endpoint.Secret = sealer.Seal(secret, WebhookSecrets.Context(endpoint.Id));
        endpoint.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedWebhookView(View(endpoint), secret);
    }

    private static readonly Keyset<WebhookDelivery> NewestFirst = Keyset<WebhookDelivery>.By(d => d.CreatedAt, true).ThenBy(d => d.Id, true);

    public async Task<CursorPage<WebhookDeliveryView>?> ListDeliveriesAsync(Caller caller, Guid id, PageRequest request, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(caller, id, cancellationToken) is null)
            return null;
        var page = await KeysetPager.PageAsync(db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == id), NewestFirst,
            $"webhook-deliveries|{id}", request, cancellationToken);
        return new CursorPage<WebhookDeliveryView>(await ViewsAsync([.. page.Items], withBody: false, cancellationToken), page.NextCursor);
    }

    public async Task<WebhookDeliveryView?> GetDeliveryAsync(Caller caller, Guid id, Guid deliveryId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(caller, id, cancellationToken) is null)
            return null;
        var delivery = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == id, cancellationToken);
        return delivery is null ? null : (await ViewsAsync([delivery], withBody: true, cancellationToken))[0];
    }

    public async Task<WebhookDeliveryView?> RedeliverAsync(Caller caller, Guid id, Guid deliveryId, CancellationToken cancellationToken = default)
    {
        var endpoint = await FindAsync(caller, id, cancellationToken);
        if (endpoint is null)
            return null;
        var eventId = await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.EndpointId == id).Select(d => (Guid?)d.EventId).FirstOrDefaultAsync(cancellationToken);
        if (eventId is null)
            return null;
        return await SendAsync(endpoint, eventId.Value, WebhookDeliveryReasons.Redelivery, cancellationToken);
    }

    public async Task<WebhookDeliveryView?> PingAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        var endpoint = await FindAsync(caller, id, cancellationToken);
        if (endpoint is null)
            return null;
        var ping = WebhookOutbox.Create(caller.OrganizationId, WebhookEventTypes.Ping, new { webhook = new { id = endpoint.Id, url = endpoint.Url } });
        // Relayed already: a ping goes to this endpoint alone, not to every endpoint of the organisation.
        ping.RelayedAt = ping.CreatedAt;
        db.WebhookEvents.Add(ping);
        await db.SaveChangesAsync(cancellationToken);
        return await SendAsync(endpoint, ping.Id, WebhookDeliveryReasons.Ping, cancellationToken);
    }

    private async Task<WebhookDeliveryView> SendAsync(WebhookEndpoint endpoint, Guid eventId, string reason, CancellationToken cancellationToken)
    {
        if (!endpoint.Enabled)
            throw new ValidationException("webhook", "the endpoint is disabled: enable it (PUT with \"enabled\": true) before sending to it");
        var delivery = new WebhookDelivery { EndpointId = endpoint.Id, EventId = eventId, Reason = reason };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        await queue.EnqueueAsync<DeliverWebhookWork>(delivery.Id, cancellationToken);
        db.ChangeTracker.Clear();
        var saved = await db.WebhookDeliveries.AsNoTracking().FirstAsync(d => d.Id == delivery.Id, cancellationToken);
        return (await ViewsAsync([saved], withBody: false, cancellationToken))[0];
    }

    private WebhookAddressPolicy Policy => new(options.Value);

    private static void Admin(Caller caller)
    {
        if (!caller.IsAdmin)
            throw new ForbiddenException("Webhooks are managed by the organisation's administrators.");
    }

    private async Task<WebhookEndpoint?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        Admin(caller);
        var query = db.WebhookEndpoints.Where(e => e.Id == id && e.OrganizationId == caller.OrganizationId);
        return await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(cancellationToken);
    }

    private static void Apply(WebhookEndpoint endpoint, WebhookEndpointInput input)
    {
        if (input.Description is { } description)
        {
            if (description.Length > WebhookEndpoint.DescriptionMax)
                throw new ValidationException("description", $"the description has {description.Length} characters; at most {WebhookEndpoint.DescriptionMax}");
            endpoint.Description = description.Trim();
        }
        if (input.Events is { } events)
        {
            var unknown = events.FirstOrDefault(e => !WebhookEventTypes.All.Contains(e));
            if (unknown is not null)
                throw new ValidationException("events", $"unknown event '{unknown}'; events are {string.Join(", ", WebhookEventTypes.All)} (none: all of them)");
            endpoint.Events = [.. events.Distinct()];
        }
        if (input.Enabled is { } enabled && enabled != endpoint.Enabled)
        {
            endpoint.Enabled = enabled;
            endpoint.DisabledAt = enabled ? null : DateTimeOffset.UtcNow;
            endpoint.DisabledReason = enabled ? null : "disabled by an administrator";
            // Enabled again: its failures so far no longer count towards the automatic disable.
            endpoint.FailingSince = null;
        }
    }

    private async Task<IReadOnlyList<WebhookDeliveryView>> ViewsAsync(IReadOnlyList<WebhookDelivery> deliveries, bool withBody, CancellationToken cancellationToken)
    {
        var ids = deliveries.Select(d => d.Id).ToList();
        var eventIds = deliveries.Select(d => d.EventId).Distinct().ToList();
        var attempts = (await db.WebhookDeliveryAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).OrderBy(a => a.Number).ToListAsync(cancellationToken))
            .ToLookup(a => a.DeliveryId);
        var events = await db.WebhookEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id))
            .Select(e => new { e.Id, e.Type, Body = withBody ? e.Body : null }).ToDictionaryAsync(e => e.Id, cancellationToken);
        return [.. deliveries.Select(d => new WebhookDeliveryView(
            d.Id, d.EventId.ToString(), events[d.EventId].Type, d.Reason, d.Status, d.Tries, d.NextAttemptAt, d.LastStatusCode, d.LastLatencyMs,
            d.LastError, d.CreatedAt, d.FinishedAt,
            [.. attempts[d.Id].Select(a => new WebhookAttemptView(a.Number, a.At, a.StatusCode, a.LatencyMs, a.ResponseExcerpt, a.Error))],
            events[d.EventId].Body))];
    }

    private static WebhookEndpointView View(WebhookEndpoint e) => new(
        e.Id, e.Url, e.Description, e.Events, e.Enabled, e.DisabledAt, e.DisabledReason, e.FailingSince, e.LastSuccessAt,
        e.PreviousSecretUntil is { } until && until > DateTimeOffset.UtcNow ? until : null, e.CreatedAt, e.UpdatedAt);
}
