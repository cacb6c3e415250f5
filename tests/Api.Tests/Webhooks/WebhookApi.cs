using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crashdesk.Api.Tests.Support;

namespace Crashdesk.Api.Tests.Webhooks;

/// <summary>What the webhook tests do through the API: create an endpoint, read its delivery log.</summary>
internal static class WebhookApi
{
    public static readonly string ConsoleLog = Path.Combine(Crashdesk.Core.Tests.Support.TestFixtures.Folder("mini-6.1-lockdep/hung-mutex/kdump-zstd"), "console.txt");

    /// <summary>Settings of a host that delivers webhooks to the tests' loopback receiver.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Worker:Queues:webhooks"] = "1",
            ["Webhooks:AllowLoopback"] = "true",
        };
        foreach (var (key, value) in extra)
            settings[key] = value;
        return settings;
    }

    public static async Task<(Guid Id, string Secret)> CreateAsync(HttpClient api, string url, params string[] events)
    {
        using var response = await api.PostAsJsonAsync("/api/v1/webhooks", new { url, description = "tests", events });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await Json.ReadElementAsync(response);
        return (created.GetProperty("endpoint").GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!);
    }

    public static async Task<JsonElement> DeliveriesAsync(HttpClient api, Guid endpointId)
    {
        using var response = await api.GetAsync($"/api/v1/webhooks/{endpointId}/deliveries");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadElementAsync(response)).GetProperty("items");
    }

    public static async Task<JsonElement> EndpointAsync(HttpClient api, Guid endpointId)
    {
        using var response = await api.GetAsync($"/api/v1/webhooks/{endpointId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadElementAsync(response);
    }

    /// <summary>Polls until <paramref name="done"/> holds for the endpoint's deliveries (at most <paramref name="timeout"/>).</summary>
    public static async Task<JsonElement> WaitForDeliveriesAsync(HttpClient api, Guid endpointId, Func<JsonElement, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var deliveries = await DeliveriesAsync(api, endpointId);
            if (done(deliveries))
                return deliveries;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds} s; deliveries now: {deliveries}");
            await Task.Delay(200);
        }
    }
}
