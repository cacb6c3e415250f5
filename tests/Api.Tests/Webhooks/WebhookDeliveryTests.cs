using System.Text.Json;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Crashdesk.Api.Tests.Webhooks;

/// <summary>
/// Events reach a real HTTP receiver: analysis.completed signed and within 5 s of the analysis end;
/// through a receiver that is down for a minute, by retries with exponential back-off; a tampered
/// body fails verification. Measured times go to the test output.
/// </summary>
public sealed class WebhookDeliveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Analysis_completed_arrives_signed_within_five_seconds_of_the_analysis_end()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        await using var factory = await ApiFactory.CreateAsync(worker: true, extraSettings: WebhookApi.Settings());
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var api = factory.ClientWithKey(key);
        var (endpointId, secret) = await WebhookApi.CreateAsync(api, receiver.Url, WebhookEventTypes.AnalysisCompleted);

        var caseId = await CaseFlow.CreateCaseAsync(api, "Webhook: analysis completed");
        await CaseFlow.UploadAndWaitAsync(api, caseId, WebhookApi.ConsoleLog, "console-log", 1);
        var received = await receiver.NextAsync(WebhookEventTypes.AnalysisCompleted, TimeSpan.FromSeconds(30));

        var finished = await FinishedAtAsync(factory, caseId);
        var delay = received.At - finished;
        output.WriteLine($"analysis end (finished_at) {finished:O} → received {received.At:O}: {delay.TotalMilliseconds:0} ms");
        Assert.True(delay < TimeSpan.FromSeconds(5), $"analysis.completed arrived {delay.TotalSeconds:0.0} s after the analysis ended");

        Assert.Equal(WebhookVerification.Valid, Verify(secret, received, received.Body));
        var data = received.Data;
        Assert.Equal(caseId, data.GetProperty("case").GetProperty("id").GetGuid());
        Assert.Equal(1, data.GetProperty("report").GetProperty("version").GetInt32());
        Assert.Equal("console.txt", data.GetProperty("analysis").GetProperty("fileName").GetString());

        // A receiver must refuse a changed body, another secret and a replayed (old) request.
        string tampered = received.Body.Replace(caseId.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal);
        Assert.NotEqual(received.Body, tampered);
        Assert.Equal(WebhookVerification.BadSignature, Verify(secret, received, tampered));
        Assert.Equal(WebhookVerification.BadSignature, Verify(WebhookSignature.NewSecret(), received, received.Body));
        Assert.Equal(WebhookVerification.StaleTimestamp,
            WebhookSignature.Verify(secret, received.Id, received.Timestamp, received.Signature, received.Body, DateTimeOffset.UtcNow.AddMinutes(10)));

        // The endpoint subscribed to analysis.completed only: case.created was not sent to it.
        Assert.DoesNotContain(receiver.Seen, w => w.Type == WebhookEventTypes.CaseCreated);
        var deliveries = await WebhookApi.WaitForDeliveriesAsync(api, endpointId,
            d => d.GetArrayLength() == 1 && d[0].GetProperty("status").GetString() == "delivered", TimeSpan.FromSeconds(10), "the delivery log");
        var delivery = deliveries[0];
        Assert.Equal(received.Id, delivery.GetProperty("webhookId").GetString());
        Assert.Equal(WebhookEventTypes.AnalysisCompleted, delivery.GetProperty("eventType").GetString());
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal("thanks", attempt.GetProperty("responseExcerpt").GetString());
        Assert.True(attempt.GetProperty("latencyMs").GetInt32() >= 0);
        output.WriteLine($"try latency {attempt.GetProperty("latencyMs").GetInt32()} ms");
    }

    [Fact]
    public async Task A_receiver_down_for_a_minute_gets_the_event_once_it_is_back()
    {
        await using var receiver = new WebhookReceiver();
        await using var factory = await ApiFactory.CreateAsync(worker: true, extraSettings: WebhookApi.Settings(
            ("Webhooks:RetryDelay", "00:00:02"), ("Webhooks:BackoffFactor", "2"), ("Webhooks:MaxRetryDelay", "00:00:15"), ("Webhooks:MaxAttempts", "30")));
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var api = factory.ClientWithKey(key);
        var (endpointId, secret) = await WebhookApi.CreateAsync(api, receiver.Url, WebhookEventTypes.AnalysisCompleted);

        var caseId = await CaseFlow.CreateCaseAsync(api, "Webhook: receiver down");
        await CaseFlow.UploadAndWaitAsync(api, caseId, WebhookApi.ConsoleLog, "console-log", 1);
        var finished = await FinishedAtAsync(factory, caseId);
        await WebhookApi.WaitForDeliveriesAsync(api, endpointId, d => d.GetArrayLength() == 1 && d[0].GetProperty("tries").GetInt32() >= 1,
            TimeSpan.FromSeconds(10), "the first (failed) try");

        // Down for a minute from the analysis' end, then back on the same port.
        var downFor = finished.AddMinutes(1) - DateTimeOffset.UtcNow;
        if (downFor > TimeSpan.Zero)
            await Task.Delay(downFor);
        await receiver.StartAsync();
        var back = DateTimeOffset.UtcNow;
        var received = await receiver.NextAsync(WebhookEventTypes.AnalysisCompleted, TimeSpan.FromSeconds(40));
        Assert.Equal(WebhookVerification.Valid, Verify(secret, received, received.Body));
        Assert.Equal(caseId, received.Data.GetProperty("case").GetProperty("id").GetGuid());

        var deliveries = await WebhookApi.WaitForDeliveriesAsync(api, endpointId,
            d => d[0].GetProperty("status").GetString() == "delivered", TimeSpan.FromSeconds(10), "the delivery log");
        var delivery = Assert.Single(deliveries.EnumerateArray());
        Assert.Equal(received.Id, delivery.GetProperty("webhookId").GetString());
        var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
        foreach (var attempt in attempts)
        {
            var at = attempt.GetProperty("at").GetDateTimeOffset();
            output.WriteLine($"try {attempt.GetProperty("number").GetInt32()} at +{(at - finished).TotalSeconds:0.0} s: " +
                (attempt.GetProperty("statusCode").ValueKind == JsonValueKind.Number ? $"{attempt.GetProperty("statusCode").GetInt32()}" : attempt.GetProperty("error").GetString()));
        }
        output.WriteLine($"receiver back at +{(back - finished).TotalSeconds:0.0} s, event received at +{(received.At - finished).TotalSeconds:0.0} s ({(received.At - back).TotalSeconds:0.0} s after)");
        Assert.True(attempts.Count >= 5, $"{attempts.Count} tries in a minute with a 2 s back-off doubling up to 15 s");
        Assert.All(attempts[..^1], a => Assert.Equal(JsonValueKind.Null, a.GetProperty("statusCode").ValueKind));
        Assert.Equal(200, attempts[^1].GetProperty("statusCode").GetInt32());
        // Exponential: each wait at least the one before, up to the cap.
        var waits = attempts.Zip(attempts.Skip(1), (a, b) => b.GetProperty("at").GetDateTimeOffset() - a.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.True(waits[1] > waits[0] * 1.5, $"the second wait ({waits[1].TotalSeconds:0.0} s) should be about twice the first ({waits[0].TotalSeconds:0.0} s)");
        Assert.True(received.At - back < TimeSpan.FromSeconds(15 + 5), "once back, the event should arrive within the largest back-off");
    }

    private static WebhookVerification Verify(string secret, ReceivedWebhook received, string body) =>
        WebhookSignature.Verify(secret, received.Id, received.Timestamp, received.Signature, body, DateTimeOffset.UtcNow);

    private static async Task<DateTimeOffset> FinishedAtAsync(ApiFactory factory, Guid caseId)
    {
        await using var db = factory.Database.CreateContext();
        return await db.AnalysisJobs.Where(j => j.CaseId == caseId).Select(j => j.FinishedAt!.Value).SingleAsync();
    }
}
