using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>
/// The case workflow over REST: merge-patch edits with If-Match, the workflow's refusals, the
/// optimistic-concurrency 409, and a timeline row per change.
/// </summary>
public sealed class CaseWorkflowApiTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_patch_changes_status_priority_assignee_and_tags_and_each_change_is_in_the_timeline()
    {
        var (me, key) = await _factory.CreateTenantAsync();
        var (colleague, _) = await _factory.AddUserAsync(me.OrganizationId, "Kim Colleague");
        using var client = _factory.ClientWithKey(key);
        var (id, etag) = await CreateAsync(client, "Oops in ext4");

        using var patched = await PatchAsync(client, id, etag,
            $$"""{"status": "triaging", "priority": "P1", "assignee": "{{colleague.UserId}}", "tags": ["ext4", "regression"]}""");

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await Json.ReadAsync<CaseDto>(patched);
        Assert.Equal(("triaging", "P1", colleague.UserId, "Kim Colleague"), (body.Status, body.Priority, body.AssigneeUserId!.Value, body.AssigneeName));
        Assert.Equal(["ext4", "regression"], body.Tags);
        Assert.Equal(["waiting-for-customer", "root-caused", "closed"], body.NextStatuses);
        Assert.Equal($"\"r{body.Revision}\"", patched.Headers.ETag?.ToString());
        Assert.NotEqual(etag, patched.Headers.ETag?.ToString());

        var timeline = (await client.GetAllAsync<CaseEventDto>($"/api/v1/cases/{id}/timeline"))!;
        Assert.Equal("created", timeline[0].Kind);
        var changes = timeline.Skip(1).Select(e => (e.Kind, e.OldValue, e.NewValue)).ToList();
        Assert.Contains(("status", "new", "triaging"), changes);
        Assert.Contains(("priority", "P3", "P1"), changes);
        Assert.Contains(("assignee", (string?)null, "Kim Colleague"), changes);
        Assert.Contains(("tag-added", (string?)null, "ext4"), changes);
        Assert.Contains(("tag-added", (string?)null, "regression"), changes);
        Assert.All(timeline, e => Assert.Equal(me.UserId, e.ActorUserId));
        Assert.All(timeline, e => Assert.Equal("Engineer", e.ActorName));

        // Tags are a set: removing one is a row too, and the counts follow.
        using var retag = await PatchAsync(client, id, patched.Headers.ETag!.ToString(), """{"tags": ["EXT4"]}""");
        Assert.Equal(["ext4"], (await Json.ReadAsync<CaseDto>(retag)).Tags);
        var tags = (await client.GetAllAsync<TagCountDto>("/api/v1/tags"))!;
        Assert.Equal([new TagCountDto("ext4", 1)], tags);
        timeline = (await client.GetAllAsync<CaseEventDto>($"/api/v1/cases/{id}/timeline"))!;
        Assert.Equal(("tag-removed", "regression"), (timeline[^1].Kind, timeline[^1].OldValue));
    }

    [Fact]
    public async Task The_workflow_refuses_illegal_moves_and_allows_reopening()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        using var client = _factory.ClientWithKey(key);
        var (id, etag) = await CreateAsync(client, "Hung task");

        using var jump = await PatchAsync(client, id, etag, """{"status": "root-caused"}""");
        Assert.Equal(HttpStatusCode.BadRequest, jump.StatusCode);
        var problem = await Json.ReadElementAsync(jump);
        Assert.Contains("a new case cannot become root-caused", problem.GetProperty("errors").GetProperty("status")[0].GetString());

        foreach (var status in new[] { "triaging", "waiting-for-customer", "triaging", "root-caused", "closed", "triaging" })
        {
            using var move = await PatchAsync(client, id, etag, $$"""{"status": "{{status}}"}""");
            Assert.True(move.StatusCode == HttpStatusCode.OK, $"{status}: {(int)move.StatusCode} {await move.Content.ReadAsStringAsync()}");
            etag = move.Headers.ETag!.ToString();
        }
        using var unknown = await PatchAsync(client, id, etag, """{"status": "solved"}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var badField = await PatchAsync(client, id, etag, """{"organizationId": "x"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badField.StatusCode);
        using var badPriority = await PatchAsync(client, id, etag, """{"priority": "P0"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badPriority.StatusCode);
    }

    [Fact]
    public async Task A_patch_needs_if_match_and_a_stale_one_is_a_409_naming_who_changed_the_case()
    {
        var (me, key) = await _factory.CreateTenantAsync();
        var (_, otherKey) = await _factory.AddUserAsync(me.OrganizationId, "Sam Other");
        using var client = _factory.ClientWithKey(key);
        using var other = _factory.ClientWithKey(otherKey);
        var (id, etag) = await CreateAsync(client, "Soft lockup");

        using var noPrecondition = await PatchAsync(client, id, null, """{"priority": "P2"}""");
        Assert.Equal(HttpStatusCode.PreconditionRequired, noPrecondition.StatusCode);

        using var first = await PatchAsync(other, id, etag, """{"priority": "P2", "description": "seen on 3 hosts"}""");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await PatchAsync(client, id, etag, """{"priority": "P4"}""");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await Json.ReadElementAsync(second);
        Assert.Equal("Sam Other", problem.GetProperty("changedBy").GetString());
        Assert.Contains("changed by Sam Other", problem.GetProperty("detail").GetString());
        Assert.Equal(first.Headers.ETag!.ToString(), problem.GetProperty("currentETag").GetString());
        var now = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{id}", Json.Web))!;
        Assert.Equal(("P2", "seen on 3 hosts"), (now.Priority, now.Description));

        // Null clears what can be empty.
        using var cleared = await PatchAsync(client, id, first.Headers.ETag!.ToString(), """{"description": null}""");
        Assert.Null((await Json.ReadAsync<CaseDto>(cleared)).Description);
    }

    [Fact]
    public async Task An_assignee_must_be_a_user_of_the_organisation()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        var (stranger, _) = await _factory.CreateTenantAsync();
        using var client = _factory.ClientWithKey(key);
        var (id, etag) = await CreateAsync(client, "Panic");

        using var response = await PatchAsync(client, id, etag, $$"""{"assignee": "{{stranger.UserId}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("assignee", (await Json.ReadElementAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    internal static async Task<(Guid Id, string ETag)> CreateAsync(HttpClient client, string title, string customer = "ACME", string? description = null)
    {
        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(title, customer, null, description));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await Json.ReadAsync<CaseDto>(created)).Id, created.Headers.ETag!.ToString());
    }

    internal static async Task<HttpResponseMessage> PatchAsync(HttpClient client, Guid id, string? etag, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/cases/{id}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json"),
        };
        if (etag is not null)
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request);
    }
}
