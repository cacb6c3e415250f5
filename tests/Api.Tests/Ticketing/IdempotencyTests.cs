using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Tests.Support;

namespace Crashdesk.Api.Tests.Ticketing;

/// <summary>Idempotency-Key on POST: a ticketing system's retries never create a second case.</summary>
public sealed class IdempotencyTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Five_concurrent_posts_with_one_key_create_one_case_and_all_get_its_answer()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        var title = $"retried {Guid.NewGuid():N}";
        var idempotencyKey = Guid.NewGuid().ToString();
        var clients = Enumerable.Range(0, 5).Select(_ => _factory.ClientWithKey(key)).ToList();
        var responses = await Task.WhenAll(clients.Select(async client =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = JsonContent.Create(new { title, customer = "ACME", externalReference = "TICKET-1" }) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            var response = await client.SendAsync(request);
            return (response.StatusCode, Id: (await Json.ReadElementAsync(response)).GetProperty("id").GetGuid(),
                Replayed: response.Headers.Contains("Idempotent-Replayed"), Location: response.Headers.Location);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Id).Distinct());
        Assert.Single(responses.Select(r => r.Location).Distinct());
        Assert.Equal(4, responses.Count(r => r.Replayed));
        using var list = await clients[0].GetAsync($"/api/v1/cases?q={Uri.EscapeDataString('"' + title + '"')}");
        var page = await Json.ReadElementAsync(list);
        Assert.Equal(1, page.GetProperty("items").EnumerateArray().Count(c => c.GetProperty("title").GetString() == title));
        await using var db = _factory.Database.CreateContext();
        Assert.Equal(1, db.Cases.Count(c => c.Title == title));
        // The ticketing system finds its case again by its ticket id.
        var byTicket = await Json.ReadElementAsync(await clients[0].GetAsync("/api/v1/cases?externalReference=TICKET-1"));
        Assert.Equal(responses[0].Id, byTicket.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid());
        var none = await Json.ReadElementAsync(await clients[0].GetAsync("/api/v1/cases?externalReference=TICKET-10"));
        Assert.Equal(0, none.GetProperty("items").GetArrayLength());
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_and_keys_are_per_organisation()
    {
        var (_, keyA) = await _factory.CreateTenantAsync();
        var (_, keyB) = await _factory.CreateTenantAsync();
        using var a = _factory.ClientWithKey(keyA);
        using var b = _factory.ClientWithKey(keyB);
        var idempotencyKey = "ticket-42-create";

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(a, idempotencyKey, "first")).StatusCode);
        using var other = await PostAsync(a, idempotencyKey, "something else");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains("different request", await other.Content.ReadAsStringAsync());
        // Another organisation chose the same key: its own case, not A's answer.
        using var fromB = await PostAsync(b, idempotencyKey, "first");
        Assert.Equal(HttpStatusCode.Created, fromB.StatusCode);
        Assert.False(fromB.Headers.Contains("Idempotent-Replayed"));

        using var bad = await PostAsync(a, "contains space", "x");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("visible ASCII", await bad.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string idempotencyKey, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = JsonContent.Create(new { title, customer = "ACME" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }
}
