using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;

namespace Crashdesk.Api.Tests;

public sealed class CaseApiTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Create_then_get_and_list_newest_first()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        using var client = _factory.ClientWithKey(key);

        using var first = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("Panic on boot", "ACME", "TICKET-1", "box 7 panics"));
        using var second = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("Hung task", "Globex", null, null));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await Json.ReadAsync<CaseDto>(first);
        Assert.Equal($"/api/v1/cases/{created.Id}", first.Headers.Location?.OriginalString);
        Assert.Equal(("Panic on boot", "ACME", "TICKET-1", "box 7 panics"), (created.Title, created.Customer, created.ExternalReference, created.Description));
        Assert.Empty(created.Artifacts);

        var fetched = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{created.Id}", Json.Web);
        Assert.Equal(created.Id, fetched!.Id);
        Assert.Equal("ACME", fetched.Customer);

        var list = await client.GetFromJsonAsync<CasePageDto>("/api/v1/cases", Json.Web);
        Assert.Equal(["Hung task", "Panic on boot"], list!.Items.Select(c => c.Title));
        Assert.Equal(2, list.Total);
        Assert.All(list.Items, c => Assert.Null(c.AnalysisStatus));
        Assert.All(list.Items, c => Assert.Equal(("new", "P3"), (c.Status, c.Priority)));
    }

    [Fact]
    public async Task Cases_of_another_organisation_are_invisible()
    {
        var (_, mine) = await _factory.CreateTenantAsync();
        var (_, theirs) = await _factory.CreateTenantAsync();
        using var me = _factory.ClientWithKey(mine);
        using var them = _factory.ClientWithKey(theirs);
        using var created = await me.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("secret", "ACME", null, null));
        var id = (await Json.ReadAsync<CaseDto>(created)).Id;

        using var get = await them.GetAsync($"/api/v1/cases/{id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await them.GetFromJsonAsync<CasePageDto>("/api/v1/cases", Json.Web))!.Items);
        using var report = await them.GetAsync($"/api/v1/cases/{id}/report");
        Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
        using var upload = await them.PutAsync($"/api/v1/cases/{id}/artifacts/x.txt?kind=other", new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
    }

    [Fact]
    public async Task Invalid_input_is_a_validation_problem_naming_the_field()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        using var client = _factory.ClientWithKey(key);

        using var response = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("  ", "ACME", null, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json.ReadElementAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _), problem.ToString());
    }

    [Fact]
    public async Task Unknown_case_is_404_problem_details()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        using var client = _factory.ClientWithKey(key);
        using var response = await client.GetAsync($"/api/v1/cases/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await Json.ReadElementAsync(response);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("Case not found", problem.GetProperty("title").GetString());
    }
}
