using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.DataProtection;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crashdesk.Api.Tests.DataProtection;

/// <summary>
/// The service's own records do not grow for ever: audit events past their organisation's audit retention
/// leave through the one door the log's trigger opens (and the purge is itself recorded), every other delete
/// is still refused; webhook events whose deliveries all ended leave after Webhooks:KeepDeliveriesFor, and
/// nothing a receiver is still owed does.
/// </summary>
public sealed class LogRetentionTests
{
    [Fact]
    public async Task Audit_events_past_the_audit_retention_are_purged_and_the_purge_is_recorded()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (admin, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (other, _) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (_, engineerKey) = await factory.AddUserAsync(admin.OrganizationId, "Engineer");
        using var client = factory.ClientWithKey(key);
        using var engineer = factory.ClientWithKey(engineerKey);

        using (var tooShort = await client.PutAsJsonAsync("/api/v1/organization/audit-retention", new SetRetentionRequest(7)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
            Assert.Contains("days must be 30..36500", await tooShort.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.GetAsync("/api/v1/organization/audit-retention")).StatusCode);
        using (var set = await client.PutAsJsonAsync("/api/v1/organization/audit-retention", new SetRetentionRequest(30)))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            Assert.Equal(30, (await Json.ReadAsync<RetentionPolicyDto>(set)).Days);
        }

        var now = DateTimeOffset.UtcNow;
        var old = Event(admin.OrganizationId, now.AddDays(-40), "old");
        var recent = Event(admin.OrganizationId, now.AddDays(-10), "recent");
        var otherOld = Event(other.OrganizationId, now.AddDays(-400), "other organisation, no audit retention");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
            db.AuditEvents.AddRange(old, recent, otherOld);
            await db.SaveChangesAsync();
            // The door is only for the purge: a plain DELETE of the same old row is still refused.
            var refused = await Assert.ThrowsAsync<PostgresException>(() =>
                db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM audit_events WHERE id = {old.Id}"));
            Assert.Contains("append-only", refused.MessageText);
        }

        int deleted;
        await using (var scope = factory.Services.CreateAsyncScope())
            deleted = await scope.ServiceProvider.GetRequiredService<AuditRetention>().RunAsync(now, CancellationToken.None);

        Assert.Equal(1, deleted);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
            var left = await db.AuditEvents.AsNoTracking().Where(e => e.Id == old.Id || e.Id == recent.Id || e.Id == otherOld.Id)
                .Select(e => e.Id).ToListAsync();
            Assert.Equal(new[] { recent.Id, otherOld.Id }.Order(), left.Order());
            // Even in the purge's own mode a recent row cannot go: the trigger checks the age itself.
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("SET LOCAL crashdesk.audit_purge = 'on'");
            await Assert.ThrowsAsync<PostgresException>(() =>
                db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM audit_events WHERE id = {recent.Id}"));
        }
        var purges = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/audit?action=audit.purge", Json.Web);
        var purge = Assert.Single(purges.GetProperty("items").EnumerateArray());
        Assert.Equal("1", purge.GetProperty("detail").GetProperty("events").GetString());
        Assert.Equal("the organisation keeps its audit log 30 days", purge.GetProperty("detail").GetProperty("reason").GetString());
        var changes = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/audit?action=policy.change", Json.Web);
        var change = Assert.Single(changes.GetProperty("items").EnumerateArray());
        Assert.Equal("auditRetentionDays", change.GetProperty("detail").GetProperty("setting").GetString());
        Assert.Equal("30", change.GetProperty("detail").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Webhook_events_whose_deliveries_ended_leave_after_the_keep_time_and_owed_ones_stay()
    {
        await using var factory = await ApiFactory.CreateAsync(extraSettings: new Dictionary<string, string?> { ["Webhooks:KeepDeliveriesFor"] = "30.00:00:00" });
        var (admin, _) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var now = DateTimeOffset.UtcNow;
        var endpoint = new WebhookEndpoint { OrganizationId = admin.OrganizationId, Url = "https://tickets.example/hook", Secret = "whsec_test" };
        (WebhookEvent Event, WebhookDelivery? Delivery) Make(int daysAgo, WebhookDeliveryStatus? status, bool relayed = true)
        {
            var e = new WebhookEvent
            {
                OrganizationId = admin.OrganizationId, Type = "case.updated", Body = "{}", CreatedAt = now.AddDays(-daysAgo),
                RelayedAt = relayed ? now.AddDays(-daysAgo) : null,
            };
            return (e, status is null ? null : new WebhookDelivery { EndpointId = endpoint.Id, EventId = e.Id, Status = status.Value, CreatedAt = e.CreatedAt });
        }
        var delivered = Make(40, WebhookDeliveryStatus.Delivered);
        var failed = Make(40, WebhookDeliveryStatus.Failed);
        var stillScheduled = Make(40, WebhookDeliveryStatus.Scheduled);
        var notRelayed = Make(40, null, relayed: false);
        var young = Make(5, WebhookDeliveryStatus.Delivered);
        var all = new[] { delivered, failed, stillScheduled, notRelayed, young };
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
            db.WebhookEndpoints.Add(endpoint);
            db.WebhookEvents.AddRange(all.Select(a => a.Event));
            db.WebhookDeliveries.AddRange(all.Where(a => a.Delivery is not null).Select(a => a.Delivery!));
            await db.SaveChangesAsync();
        }

        int deleted;
        await using (var scope = factory.Services.CreateAsyncScope())
            deleted = await scope.ServiceProvider.GetRequiredService<WebhookLogRetention>().RunAsync(now, CancellationToken.None);

        Assert.Equal(2, deleted);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
            var ids = all.Select(a => a.Event.Id).ToList();
            var events = await db.WebhookEvents.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync();
            Assert.Equal(new[] { stillScheduled.Event.Id, notRelayed.Event.Id, young.Event.Id }.Order(), events.Order());
            // The deliveries of the deleted events went with them.
            var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => ids.Contains(d.EventId)).Select(d => d.EventId).ToListAsync();
            Assert.Equal(new[] { stillScheduled.Event.Id, young.Event.Id }.Order(), deliveries.Order());
        }
    }

    private static AuditEvent Event(Guid organizationId, DateTimeOffset at, string name) => new()
    {
        OrganizationId = organizationId, At = at, ActorName = name, Action = "report.view", TargetKind = "report",
    };
}
