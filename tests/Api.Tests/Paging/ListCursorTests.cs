using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Services;
using Npgsql;
using static Crashdesk.Api.Tests.CaseWorkflowApiTests;

namespace Crashdesk.Api.Tests.Paging;

/// <summary>
/// Every other list by cursor: walked one and two items a page it gives what one page of 200 gives, each item once,
/// in the list's order; newest-first lists stay stable while rows are added at their head; bounded lists answer
/// everything with nextCursor null; a cursor of another list, or of another filter, is an invalid_cursor problem.
/// </summary>
public sealed class ListCursorTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;
    private HttpClient _client = null!;
    private Caller _admin = null!;

    public async Task InitializeAsync()
    {
        _factory = await ApiFactory.CreateAsync();
        (_admin, var key) = await _factory.CreateTenantAsync(role: OrganizationRole.Admin);
        _client = _factory.ClientWithKey(key);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_case_timeline_notes_and_note_revisions_walk_in_order()
    {
        var (id, etag) = await CreateAsync(_client, "paged case");
        foreach (var patch in new[] { """{"status": "triaging"}""", """{"priority": "P1"}""", """{"tags": ["a", "b"]}""" })
        {
            using var patched = await PatchAsync(_client, id, etag, patch);
            etag = patched.Headers.ETag!.ToString();
        }
        var notes = new List<Guid>();
        for (int i = 0; i < 5; i++)
            notes.Add((await Json.ReadAsync<NoteDto>(await _client.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new CreateNoteRequest($"note {i}")))).Id);
        for (int revision = 1; revision <= 4; revision++)
            Assert.Equal(HttpStatusCode.OK, (await _client.PutAsJsonAsync($"/api/v1/cases/{id}/notes/{notes[0]}", new EditNoteRequest($"edit {revision}", revision))).StatusCode);

        var timeline = await AssertWalksAsync<CaseEventDto>($"/api/v1/cases/{id}/timeline", e => e.Id, atLeast: 9);
        Assert.Equal(timeline.OrderBy(e => e.At).Select(e => e.Id), timeline.Select(e => e.Id));
        Assert.Equal(notes, (await AssertWalksAsync<NoteDto>($"/api/v1/cases/{id}/notes", n => n.Id, atLeast: 5)).Select(n => n.Id));
        var revisions = await AssertWalksAsync<NoteRevisionDto>($"/api/v1/cases/{id}/notes/{notes[0]}/revisions", r => r.Revision, atLeast: 4);
        Assert.Equal(revisions.Select(r => r.Revision).Order(), revisions.Select(r => r.Revision));

        // The notes' cursor is bound to includeDeleted, and to this case.
        var first = await _client.GetFromJsonAsync<CursorPageDto<NoteDto>>($"/api/v1/cases/{id}/notes?limit=2", Json.Web);
        using var deleted = await _client.GetAsync($"/api/v1/cases/{id}/notes?includeDeleted=true&cursor={Uri.EscapeDataString(first!.NextCursor!)}");
        await CaseListCursorTests.AssertInvalidCursorAsync(deleted);
        var (other, _) = await CreateAsync(_client, "another case");
        using var elsewhere = await _client.GetAsync($"/api/v1/cases/{other}/notes?cursor={Uri.EscapeDataString(first.NextCursor!)}");
        await CaseListCursorTests.AssertInvalidCursorAsync(elsewhere);
    }

    [Fact]
    public async Task Environment_versions_environments_and_their_cases_walk_and_versions_stay_stable_while_new_ones_come()
    {
        var (id, _) = await CreateAsync(_client, "machine");
        for (int i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync($"/api/v1/cases/{id}/environment/import", new { notes = $"version {i}" })).StatusCode);
        var versions = await AssertWalksAsync<EnvironmentVersionDto>($"/api/v1/cases/{id}/environment/versions", v => v.Version, atLeast: 4);
        Assert.Equal(versions.Select(v => v.Version).OrderDescending(), versions.Select(v => v.Version));

        // Newest first: versions made while a client pages land before its position and are not repeated.
        var page = await _client.GetFromJsonAsync<CursorPageDto<EnvironmentVersionDto>>($"/api/v1/cases/{id}/environment/versions?limit=2", Json.Web);
        var seen = page!.Items.Select(v => v.Version).ToList();
        while (page.NextCursor is not null)
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync($"/api/v1/cases/{id}/environment/import", new { notes = "meanwhile" })).StatusCode);
            page = await _client.GetFromJsonAsync<CursorPageDto<EnvironmentVersionDto>>(
                $"/api/v1/cases/{id}/environment/versions?limit=2&cursor={Uri.EscapeDataString(page.NextCursor)}", Json.Web);
            seen.AddRange(page!.Items.Select(v => v.Version));
        }
        Assert.Equal(versions.Select(v => v.Version), seen);

        var environments = new List<Guid>();
        foreach (var name in new[] { "echo", "Alpha", "delta", "bravo", "charlie" })
            environments.Add((await Json.ReadAsync<CustomerEnvironmentDto>(await _client.PostAsJsonAsync("/api/v1/environments", new { name }))).Id);
        var listed = await AssertWalksAsync<CustomerEnvironmentDto>("/api/v1/environments", e => e.Id, atLeast: 5);
        Assert.Equal(["Alpha", "bravo", "charlie", "delta", "echo"], listed.Select(e => e.Name));
        foreach (var title in new[] { "db-3", "db-1", "db-2", "db-1" })
        {
            var (caseId, _) = await CreateAsync(_client, title);
            Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsJsonAsync($"/api/v1/cases/{caseId}/environment/link", new { environmentId = environments[0] })).StatusCode);
        }
        var linked = await AssertWalksAsync<EnvironmentCaseDto>($"/api/v1/environments/{environments[0]}/cases", c => c.Id, atLeast: 4);
        Assert.Equal(["db-1", "db-1", "db-2", "db-3"], linked.Select(c => c.Title));
    }

    [Fact]
    public async Task Members_and_the_audit_log_walk_in_order()
    {
        foreach (var name in new[] { "Dora", "Bob", "Carla", "Bob" })
            await _factory.AddUserAsync(_admin.OrganizationId, name);
        var members = await AssertWalksAsync<MemberDto>("/api/v1/organization/members", m => m.UserId, atLeast: 5);
        Assert.Equal(members.Select(m => m.DisplayName).Order(StringComparer.CurrentCulture), members.Select(m => m.DisplayName));

        // Audited actions: creating API keys and cases' reads are recorded for the admin.
        for (int i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync("/api/v1/api-keys", new { name = $"key {i}", scopes = new[] { "read" } })).StatusCode);
        var events = await AssertWalksAsync<AuditEventDto>("/api/v1/audit", e => e.Id, atLeast: 4);
        Assert.Equal(events.OrderByDescending(e => e.At).Select(e => e.At), events.Select(e => e.At));
        var total = (await _client.GetFromJsonAsync<AuditPageDto>("/api/v1/audit?limit=1", Json.Web))!.Total;
        Assert.Equal(events.Count, total);
    }

    [Fact]
    public async Task Debug_kernels_and_webhook_deliveries_walk_newest_first_and_stay_stable()
    {
        await using (var connection = new NpgsqlConnection(_factory.Database.ConnectionString))
        {
            await connection.OpenAsync();
            var at = DateTime.UtcNow.AddDays(-1);
            for (int i = 0; i < 5; i++)
            {
                await using var insert = new NpgsqlCommand("""
                    INSERT INTO debug_kernels (id, organization_id, file_name, storage_key, size, sha256, status, created_at, attempts)
                    VALUES (@id, @org, @name, @key, 1, repeat('0', 64), 'failed', @at, 0)
                    """, connection);
                insert.Parameters.AddWithValue("id", Guid.NewGuid());
                insert.Parameters.AddWithValue("org", _admin.OrganizationId);
                insert.Parameters.AddWithValue("name", $"vmlinux-{i}");
                insert.Parameters.AddWithValue("key", $"test/vmlinux-{i}");
                // Two pairs uploaded in the same microsecond: the id breaks the tie.
                insert.Parameters.AddWithValue("at", at.AddMinutes(i / 2));
                await insert.ExecuteNonQueryAsync();
            }
        }
        var kernels = await AssertWalksAsync<DebugKernelDto>("/api/v1/debug-kernels", d => d.Id, atLeast: 5);
        Assert.Equal("vmlinux-4", kernels[0].FileName);
        Assert.Equal(kernels.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id.ToString(), StringComparer.Ordinal).Select(k => k.Id), kernels.Select(k => k.Id));

        using var created = await _client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://tickets.example.test/hook" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhookId = (await Json.ReadElementAsync(created)).GetProperty("endpoint").GetProperty("id").GetGuid();
        for (int i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync($"/api/v1/webhooks/{webhookId}/ping", null)).StatusCode);
        var deliveries = await AssertWalksAsync<DeliveryRow>($"/api/v1/webhooks/{webhookId}/deliveries", d => d.Id, atLeast: 5);
        Assert.Equal(deliveries.OrderByDescending(d => d.CreatedAt).Select(d => d.CreatedAt), deliveries.Select(d => d.CreatedAt));

        var page = await _client.GetFromJsonAsync<CursorPageDto<DeliveryRow>>($"/api/v1/webhooks/{webhookId}/deliveries?limit=2", Json.Web);
        var seen = page!.Items.Select(d => d.Id).ToList();
        while (page.NextCursor is not null)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync($"/api/v1/webhooks/{webhookId}/ping", null)).StatusCode);
            page = await _client.GetFromJsonAsync<CursorPageDto<DeliveryRow>>(
                $"/api/v1/webhooks/{webhookId}/deliveries?limit=2&cursor={Uri.EscapeDataString(page.NextCursor)}", Json.Web);
            seen.AddRange(page!.Items.Select(d => d.Id));
        }
        Assert.Equal(deliveries.Select(d => d.Id), seen);
    }

    [Fact]
    public async Task Crash_groups_walk_in_both_sorts_and_known_issues_walk_newest_edit_first()
    {
        // Six groups with 3, 1, 2, 2, 1, 1 cases; two pairs share their last-seen time.
        var groups = new List<Guid>();
        var sizes = new[] { 3, 1, 2, 2, 1, 1 };
        await using (var connection = new NpgsqlConnection(_factory.Database.ConnectionString))
        {
            await connection.OpenAsync();
            var at = DateTime.UtcNow.AddDays(-3);
            for (int g = 0; g < sizes.Length; g++)
            {
                var groupId = Guid.NewGuid();
                groups.Add(groupId);
                await using (var insert = new NpgsqlCommand("""
                    INSERT INTO crash_groups (id, organization_id, title, crash_class, created_at, updated_at)
                    VALUES (@id, @org, @title, 'oops', @at, @at)
                    """, connection))
                {
                    insert.Parameters.AddWithValue("id", groupId);
                    insert.Parameters.AddWithValue("org", _admin.OrganizationId);
                    insert.Parameters.AddWithValue("title", $"group {g}");
                    insert.Parameters.AddWithValue("at", at);
                    await insert.ExecuteNonQueryAsync();
                }
                for (int c = 0; c < sizes[g]; c++)
                {
                    var (caseId, _) = await CreateAsync(_client, $"case {g}.{c}");
                    await using var join = new NpgsqlCommand("UPDATE cases SET group_id = @group, created_at = @at WHERE id = @id", connection);
                    join.Parameters.AddWithValue("group", groupId);
                    join.Parameters.AddWithValue("at", at.AddHours(g / 2).AddMinutes(-c));
                    join.Parameters.AddWithValue("id", caseId);
                    await join.ExecuteNonQueryAsync();
                }
            }
        }
        var byId = Comparer<Guid>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        var lastSeen = await AssertWalksAsync<CrashGroupSummaryDto>("/api/v1/groups", g => g.Id, atLeast: 6, pageOf: Groups);
        Assert.Equal(lastSeen.OrderByDescending(g => g.LastSeen).ThenBy(g => g.Id, byId).Select(g => g.Id), lastSeen.Select(g => g.Id));
        var byCases = await AssertWalksAsync<CrashGroupSummaryDto>("/api/v1/groups?sort=cases", g => g.Id, atLeast: 6, pageOf: Groups);
        Assert.Equal(byCases.OrderByDescending(g => g.CaseCount).ThenByDescending(g => g.LastSeen).ThenBy(g => g.Id, byId).Select(g => g.Id), byCases.Select(g => g.Id));
        Assert.Equal([3, 2, 2, 1, 1, 1], byCases.Select(g => g.CaseCount));
        var firstByCases = (await _client.GetFromJsonAsync<CrashGroupPageDto>("/api/v1/groups?sort=cases&limit=2", Json.Web))!;
        Assert.Equal(6, firstByCases.Total);
        using (var other = await _client.GetAsync($"/api/v1/groups?cursor={Uri.EscapeDataString(firstByCases.NextCursor!)}"))
            await CaseListCursorTests.AssertInvalidCursorAsync(other);

        foreach (var groupId in groups.Take(4))
            Assert.Equal(HttpStatusCode.OK, (await _client.PutAsJsonAsync($"/api/v1/groups/{groupId}/known-issue",
                new KnownIssueRequest($"known {groupId}", [], ["6.1.76"], "reboot", "capture a vmcore"))).StatusCode);
        var issues = await AssertWalksAsync<KnownIssueDto>("/api/v1/known-issues", k => k.Id, atLeast: 4);
        Assert.Equal(groups.Take(4).Reverse(), issues.Select(k => k.GroupId));
    }

    [Fact]
    public async Task Lists_small_by_nature_answer_every_item_in_one_page()
    {
        var (id, _) = await CreateAsync(_client, "tagged");
        await _factory.AddUserAsync(_admin.OrganizationId, "Colleague");
        foreach (var url in new[] { "/api/v1/tags", "/api/v1/users", "/api/v1/api-keys", "/api/v1/webhooks", "/api/v1/organizations", $"/api/v1/cases/{id}/similar" })
        {
            using var response = await _client.GetAsync(url + "?limit=1");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            var page = await Json.ReadElementAsync(response);
            Assert.Equal(System.Text.Json.JsonValueKind.Array, page.GetProperty("items").ValueKind);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        }
        Assert.Equal(2, (await _client.GetFromJsonAsync<CursorPageDto<UserDto>>("/api/v1/users", Json.Web))!.Items.Count);
    }

    /// <summary>A delivery as the list shows it (the fields this test reads).</summary>
    private sealed record DeliveryRow(Guid Id, DateTimeOffset CreatedAt);

    private static CursorPageDto<CrashGroupSummaryDto> Groups(CrashGroupPageDto page) => new(page.Items, page.NextCursor);

    /// <summary>
    /// Walks <paramref name="url"/> with limits 1 and 2 and checks it gives what one page of 200 gives (which must be the
    /// whole list), every item once; returns that list.
    /// </summary>
    private async Task<List<T>> AssertWalksAsync<T>(string url, Func<T, object> key, int atLeast, Func<CrashGroupPageDto, CursorPageDto<T>>? pageOf = null)
    {
        async Task<CursorPageDto<T>> PageAsync(string? cursor, int limit) => pageOf is null
            ? (await _client.GetFromJsonAsync<CursorPageDto<T>>(Pages.With(url, cursor, limit), Json.Web))!
            : pageOf((await _client.GetFromJsonAsync<CrashGroupPageDto>(Pages.With(url, cursor, limit), Json.Web))!);

        var whole = await PageAsync(null, 200);
        Assert.Null(whole.NextCursor);
        Assert.True(whole.Items.Count >= atLeast, $"{url}: {whole.Items.Count} items, expected at least {atLeast}");
        var keys = whole.Items.Select(key).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        foreach (int limit in new[] { 1, 2 })
        {
            var walked = new List<object>();
            string? cursor = null;
            do
            {
                var page = await PageAsync(cursor, limit);
                Assert.True(page.Items.Count <= limit, $"{url}: {page.Items.Count} items with limit {limit}");
                Assert.True(page.Items.Count == limit || page.NextCursor is null, $"{url}: a short page before the end");
                walked.AddRange(page.Items.Select(key));
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            Assert.Equal(keys, walked);
        }
        return [.. whole.Items];
    }
}
