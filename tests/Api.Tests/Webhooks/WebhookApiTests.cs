using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Webhooks;
using Xunit.Abstractions;

namespace Crashdesk.Api.Tests.Webhooks;

/// <summary>
/// The admin API of webhooks against a real receiver: who may use it, what URLs it refuses, the secret
/// shown once, ping, rotation with two valid signatures, redelivery with the same webhook-id, the
/// delivery log, and the automatic disable of an endpoint that only fails.
/// </summary>
public sealed class WebhookApiTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Admins_manage_endpoints_ping_rotate_and_redeliver()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        await using var factory = await ApiFactory.CreateAsync(worker: true, extraSettings: WebhookApi.Settings());
        var (admin, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (_, engineerKey) = await factory.AddUserAsync(admin.OrganizationId, "Engineer");
        using var api = factory.ClientWithKey(key);
        using var engineer = factory.ClientWithKey(engineerKey);

        using (var refused = await engineer.GetAsync("/api/v1/webhooks"))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        foreach (var (url, why) in new[]
        {
            ("ftp://example.com/hook", "scheme"), ("http://169.254.169.254/latest/meta-data/", "link-local"), ("http://[fe80::1]/hook", "link-local"),
            ("https://user:password@example.com/hook", "credentials"), ("not a url", "absolute"),
        })
        {
            using var bad = await api.PostAsJsonAsync("/api/v1/webhooks", new { url });
            string body = await bad.Content.ReadAsStringAsync();
            Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)bad.StatusCode} {body}");
            Assert.Contains(why, body, StringComparison.Ordinal);
            Assert.DoesNotContain("password", body, StringComparison.Ordinal);
        }
        using (var unknown = await api.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "case.deleted" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("case.deleted", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (id, secret) = await WebhookApi.CreateAsync(api, receiver.Url);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        using (var listed = await api.GetAsync("/api/v1/webhooks"))
            Assert.DoesNotContain(secret, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A ping reaches the receiver signed with the secret.
        using (var ping = await api.PostAsync($"/api/v1/webhooks/{id}/ping", null))
            Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        var first = await receiver.NextAsync(WebhookEventTypes.Ping, TimeSpan.FromSeconds(15));
        Assert.Equal(WebhookVerification.Valid, Verify(secret, first));

        // Rotation: a new secret; until the overlap ends both sign, so a receiver on either accepts.
        using var rotated = await api.PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null);
        var newSecret = (await Json.ReadElementAsync(rotated)).GetProperty("secret").GetString()!;
        Assert.NotEqual(secret, newSecret);
        using (var ping = await api.PostAsync($"/api/v1/webhooks/{id}/ping", null))
            Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        var second = await receiver.NextAsync(WebhookEventTypes.Ping, TimeSpan.FromSeconds(15));
        Assert.Equal(2, second.Signature.Split(' ').Length);
        Assert.Equal(WebhookVerification.Valid, Verify(newSecret, second));
        Assert.Equal(WebhookVerification.Valid, Verify(secret, second));

        // Redelivery of the first ping: the same webhook-id (receivers deduplicate on it), a fresh signature.
        var deliveries = await WebhookApi.WaitForDeliveriesAsync(api, id, d => d.GetArrayLength() == 2
            && d.EnumerateArray().All(x => x.GetProperty("status").GetString() == "delivered"), TimeSpan.FromSeconds(10), "two delivered pings");
        var firstDelivery = deliveries.EnumerateArray().Single(d => d.GetProperty("webhookId").GetString() == first.Id);
        using (var again = await api.PostAsync($"/api/v1/webhooks/{id}/deliveries/{firstDelivery.GetProperty("id").GetGuid()}/redeliver", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            Assert.Equal("redelivery", (await Json.ReadElementAsync(again)).GetProperty("reason").GetString());
        }
        var third = await receiver.NextAsync(WebhookEventTypes.Ping, TimeSpan.FromSeconds(15));
        Assert.Equal(first.Id, third.Id);
        Assert.Equal(first.Body, third.Body);
        Assert.Equal(WebhookVerification.Valid, Verify(newSecret, third));

        // One delivery: its tries and the body sent.
        using (var one = await api.GetAsync($"/api/v1/webhooks/{id}/deliveries/{firstDelivery.GetProperty("id").GetGuid()}"))
        {
            var delivery = await Json.ReadElementAsync(one);
            Assert.Equal(first.Body, delivery.GetProperty("body").GetString());
            Assert.Equal(200, delivery.GetProperty("lastStatusCode").GetInt32());
        }

        // Disabled by an admin: nothing is sent to it; enabled again, it is.
        using (var off = await api.PutAsJsonAsync($"/api/v1/webhooks/{id}", new { enabled = false }))
            Assert.Equal("disabled by an administrator", (await Json.ReadElementAsync(off)).GetProperty("disabledReason").GetString());
        using (var ping = await api.PostAsync($"/api/v1/webhooks/{id}/ping", null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, ping.StatusCode);
            Assert.Contains("disabled", await ping.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var deleted = await api.DeleteAsync($"/api/v1/webhooks/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (var gone = await api.GetAsync($"/api/v1/webhooks/{id}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Case_and_note_events_reach_an_endpoint_of_all_events()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        await using var factory = await ApiFactory.CreateAsync(worker: true, extraSettings: WebhookApi.Settings());
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var api = factory.ClientWithKey(key);
        var (_, secret) = await WebhookApi.CreateAsync(api, receiver.Url);

        var caseId = await CaseFlow.CreateCaseAsync(api, "Webhook: case events");
        var created = await receiver.NextAsync(WebhookEventTypes.CaseCreated, TimeSpan.FromSeconds(15));
        Assert.Equal(WebhookVerification.Valid, Verify(secret, created));
        Assert.Equal("Webhook: case events", created.Data.GetProperty("case").GetProperty("title").GetString());

        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/cases/{caseId}")
        {
            Content = new StringContent("{\"status\":\"triaging\",\"priority\":\"P1\"}", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        })
        {
            patch.Headers.TryAddWithoutValidation("If-Match", "\"r1\"");
            using var patched = await api.SendAsync(patch);
            Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        }
        var updated = await receiver.NextAsync(WebhookEventTypes.CaseUpdated, TimeSpan.FromSeconds(15));
        Assert.Equal(2, updated.Data.GetProperty("changes").GetArrayLength());
        var status = await receiver.NextAsync(WebhookEventTypes.CaseStatusChanged, TimeSpan.FromSeconds(15));
        Assert.Equal("new", status.Data.GetProperty("from").GetString());
        Assert.Equal("triaging", status.Data.GetProperty("to").GetString());

        using (var note = await api.PostAsJsonAsync($"/api/v1/cases/{caseId}/notes", new { body = "Looks like the mutex again" }))
            Assert.True(note.IsSuccessStatusCode);
        var added = await receiver.NextAsync(WebhookEventTypes.NoteAdded, TimeSpan.FromSeconds(15));
        Assert.Equal("Looks like the mutex again", added.Data.GetProperty("note").GetProperty("body").GetString());
        Assert.Equal(caseId, added.Data.GetProperty("case").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_endpoint_that_only_fails_is_disabled_with_a_notice_and_its_log_keeps_status_and_answer()
    {
        await using var receiver = new WebhookReceiver { StatusCode = 500, Answer = "boom: database down" };
        await receiver.StartAsync();
        await using var factory = await ApiFactory.CreateAsync(worker: true, extraSettings: WebhookApi.Settings(
            ("Webhooks:RetryDelay", "00:00:01"), ("Webhooks:BackoffFactor", "1"), ("Webhooks:DisableAfter", "00:00:04")));
        var (admin, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var api = factory.ClientWithKey(key);
        var (id, _) = await WebhookApi.CreateAsync(api, receiver.Url);
        using (var ping = await api.PostAsync($"/api/v1/webhooks/{id}/ping", null))
            Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var endpoint = await WebhookApi.EndpointAsync(api, id);
        while (endpoint.GetProperty("enabled").GetBoolean() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            endpoint = await WebhookApi.EndpointAsync(api, id);
        }
        Assert.False(endpoint.GetProperty("enabled").GetBoolean());
        var reason = endpoint.GetProperty("disabledReason").GetString()!;
        output.WriteLine(reason);
        Assert.Contains("disabled automatically", reason, StringComparison.Ordinal);
        Assert.Contains("answered 500", reason, StringComparison.Ordinal);

        var delivery = (await WebhookApi.DeliveriesAsync(api, id))[0];
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
        Assert.True(attempts.Count >= 4, $"{attempts.Count} tries in 4 s at one a second");
        Assert.All(attempts, a =>
        {
            Assert.Equal(500, a.GetProperty("statusCode").GetInt32());
            Assert.Equal("boom: database down", a.GetProperty("responseExcerpt").GetString());
        });
        // The admins' page says so too.
        var (browser, _) = await BrowserSession.SignInAsync(factory, admin.Email);
        using (browser)
        {
            string page = await browser.GetStringAsync("/admin/webhooks");
            Assert.Contains("webhook-disabled-notice", page, StringComparison.Ordinal);
            Assert.Contains("disabled automatically", page, StringComparison.Ordinal);
            Assert.Contains(receiver.Url, page, StringComparison.Ordinal);
        }

        // Nothing more is tried once disabled.
        await Task.Delay(2500);
        Assert.Equal(attempts.Count, (await WebhookApi.DeliveriesAsync(api, id))[0].GetProperty("tries").GetInt32());
    }

    private static WebhookVerification Verify(string secret, ReceivedWebhook received) =>
        WebhookSignature.Verify(secret, received.Id, received.Timestamp, received.Signature, received.Body, DateTimeOffset.UtcNow);
}
