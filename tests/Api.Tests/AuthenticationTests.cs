using System.Net;
using Crashdesk.Api.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests;

/// <summary>Acceptance 5: every /api endpoint refuses unauthenticated requests with a 401 ProblemDetails.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>The endpoints come from the app's own EndpointDataSource: a new endpoint is covered without editing this test.</summary>
    [Fact]
    public async Task Every_api_endpoint_answers_401_without_credentials_and_with_a_wrong_key()
    {
        using var anonymous = _factory.ClientWithKey(null);
        using var wrongKey = _factory.ClientWithKey("cdk_not-a-real-key");
        var requests = ApiRequests().ToList();
        Assert.True(requests.Count >= 8, $"found only {requests.Count} /api endpoints: {string.Join(", ", requests)}");

        foreach (var client in new[] { anonymous, wrongKey })
        {
            foreach (var (method, path) in requests)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent([1, 2, 3]) };
                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized,
                    $"{method} {path} answered {(int)response.StatusCode} instead of 401");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task A_valid_key_is_accepted_and_a_revoked_one_is_not()
    {
        var (caller, key) = await _factory.CreateTenantAsync();
        using var client = _factory.ClientWithKey(key);

        using var me = await client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await Json.ReadElementAsync(me);
        Assert.Equal(caller.Email, body.GetProperty("email").GetString());
        Assert.Equal(caller.OrganizationId, body.GetProperty("organizationId").GetGuid());

        using var keys = await client.GetAsync("/api/v1/api-keys");
        var keyId = (await Json.ReadElementAsync(keys)).GetProperty("items")[0].GetProperty("id").GetGuid();
        using var revoke = await client.DeleteAsync($"/api/v1/api-keys/{keyId}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        using var after = await client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_is_anonymous(string path)
    {
        using var client = _factory.ClientWithKey(null);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_is_503_when_the_object_store_does_not_answer_and_live_stays_200()
    {
        // An S3 store on a port nothing listens on.
        await using var factory = await ApiFactory.CreateAsync(extraSettings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "S3",
            ["Storage:S3:ServiceUrl"] = $"http://127.0.0.1:{UnusedPort()}",
            ["Storage:S3:Bucket"] = "nowhere",
        });
        using var client = factory.ClientWithKey(null);

        using var ready = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Api_keys_are_stored_hashed()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        await using var context = _factory.Database.CreateContext();
        var hashes = context.ApiKeys.Select(k => k.KeyHash).ToList();
        Assert.DoesNotContain(key, hashes);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))), hashes);
    }

    /// <summary>Every (method, concrete path) of the endpoints under /api, route values filled in.</summary>
    private IEnumerable<(string Method, string Path)> ApiRequests()
    {
        var source = _factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            var raw = pattern.RawText ?? "";
            if (!raw.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
                continue;
            var path = "/" + string.Join("/", pattern.PathSegments.Select(Segment));
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
                yield return (method, path);
        }
    }

    private static string Segment(RoutePatternPathSegment segment) => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") => Guid.NewGuid().ToString(),
        RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "int") => "1",
        RoutePatternParameterPart => "x",
        RoutePatternSeparatorPart separator => separator.Content,
        _ => "x",
    }));
}
