using System.Text.Json;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Webhooks;

/// <summary>
/// Raises an event: adds it to the context, so the caller's SaveChanges (inside its transaction)
/// writes it with the change it announces — the transactional outbox: no event for a change that
/// rolled back, no change without its event. The relay (<see cref="WebhookRelay"/>) sends it on.
/// The body is Standard Webhooks' payload shape: <c>{"type", "timestamp", "data"}</c>.
/// </summary>
public static class WebhookOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebhookEvent Raise(CrashdeskDbContext db, Guid organizationId, string type, object data)
    {
        var entity = Create(organizationId, type, data);
        db.WebhookEvents.Add(entity);
        return entity;
    }

    internal static WebhookEvent Create(Guid organizationId, string type, object data)
    {
        var now = DateTimeOffset.UtcNow;
        return new WebhookEvent
        {
            OrganizationId = organizationId,
            Type = type,
            CreatedAt = now,
            Body = JsonSerializer.Serialize(new { type, timestamp = now, data }, Json),
        };
    }
}
