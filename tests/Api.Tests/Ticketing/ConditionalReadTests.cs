using System.Net;
using System.Net.Http.Headers;
using Crashdesk.Api.Tests.Support;

namespace Crashdesk.Api.Tests.Ticketing;

/// <summary>ETag / If-None-Match on reads: a poller gets 304 and no body while nothing changed.</summary>
public sealed class ConditionalReadTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Unchanged_reads_answer_304_and_a_change_answers_200_again()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        using var api = _factory.ClientWithKey(key);
        var (caseId, caseTag) = await CaseWorkflowApiTests.CreateAsync(api, "polled by a ticket");

        foreach (var path in new[] { $"/api/v1/cases/{caseId}", "/api/v1/cases", $"/api/v1/cases/{caseId}/timeline" })
        {
            using var first = await api.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var tag = first.Headers.ETag;
            Assert.NotNull(tag);
            using var again = await GetIfNoneMatchAsync(api, path, tag!.ToString());
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        }
        // The case's own ETag is its revision (what PATCH sends as If-Match), not a hash.
        using (var read = await api.GetAsync($"/api/v1/cases/{caseId}"))
            Assert.Equal(caseTag, read.Headers.ETag!.ToString());

        var listTag = (await api.GetAsync("/api/v1/cases")).Headers.ETag!.ToString();
        using (var patch = await CaseWorkflowApiTests.PatchAsync(api, caseId, caseTag, """{"priority":"P1"}"""))
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        using var afterCase = await GetIfNoneMatchAsync(api, $"/api/v1/cases/{caseId}", caseTag);
        Assert.Equal(HttpStatusCode.OK, afterCase.StatusCode);
        Assert.Contains("P1", await afterCase.Content.ReadAsStringAsync());
        using var afterList = await GetIfNoneMatchAsync(api, "/api/v1/cases", listTag);
        Assert.Equal(HttpStatusCode.OK, afterList.StatusCode);
    }

    private static async Task<HttpResponseMessage> GetIfNoneMatchAsync(HttpClient client, string path, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request);
    }
}
