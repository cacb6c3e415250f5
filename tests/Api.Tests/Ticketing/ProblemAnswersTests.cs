using System.Net;
using System.Text;
using Crashdesk.Api.Tests.Support;

namespace Crashdesk.Api.Tests.Ticketing;

/// <summary>What a ticketing integration gets back when its request is wrong: what, where, and a code to branch on.</summary>
public sealed class ProblemAnswersTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Malformed_json_names_the_line_and_byte_and_never_a_dotnet_type()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        using var api = _factory.ClientWithKey(key);

        using var broken = await api.PostAsync("/api/v1/cases", new StringContent("{\n  \"title\": \"x\",\n  \"customer\": }", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var problem = await Json.ReadElementAsync(broken);
        Assert.Equal("malformed_json", problem.GetProperty("code").GetString());
        Assert.Contains("line 3", problem.GetProperty("detail").GetString());

        using var wrongKind = await api.PostAsync("/api/v1/cases", new StringContent("{\"title\": [1], \"customer\": \"c\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongKind.StatusCode);
        var body = await wrongKind.Content.ReadAsStringAsync();
        Assert.Contains("$.title", body);
        Assert.DoesNotContain("System.", body);
        Assert.Equal("invalid_json_value", (await Json.ReadElementAsync(wrongKind)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_empty_upload_is_refused_at_once_and_nothing_is_stored()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        using var api = _factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(api, "empty upload");
        foreach (var kind in new[] { "vmcore", "console-log", "other" })
        {
            using var response = await api.PutAsync($"/api/v1/cases/{caseId}/artifacts/empty-{kind}.bin?kind={kind}", new ByteArrayContent([]));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await Json.ReadElementAsync(response);
            Assert.Contains($"empty-{kind}.bin", problem.GetProperty("detail").GetString());
            Assert.Contains("empty", problem.GetProperty("detail").GetString());
        }
        // Chunked, so no Content-Length says so in advance: found when the body ends.
        var chunked = new StreamContent(new MemoryStream());
        chunked.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{caseId}/artifacts/chunked.txt?kind=other") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var late = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Equal("empty_file", (await Json.ReadElementAsync(late)).GetProperty("code").GetString());

        var details = await Json.ReadElementAsync(await api.GetAsync($"/api/v1/cases/{caseId}"));
        Assert.Equal(0, details.GetProperty("artifacts").GetArrayLength());
        Assert.Empty(Directory.EnumerateFiles(_factory.LocalRoot!, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Every_problem_carries_a_code()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        using var api = _factory.ClientWithKey(key);
        using var missing = await api.GetAsync($"/api/v1/cases/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("case_not_found", (await Json.ReadElementAsync(missing)).GetProperty("code").GetString());
        using var invalid = await api.PostAsync("/api/v1/cases", new StringContent("{\"title\": \"\", \"customer\": \"c\"}", Encoding.UTF8, "application/json"));
        Assert.Equal("validation_failed", (await Json.ReadElementAsync(invalid)).GetProperty("code").GetString());
        using var anonymous = _factory.ClientWithKey(null);
        using var refused = await anonymous.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True((await Json.ReadElementAsync(refused)).TryGetProperty("code", out _));
    }
}
