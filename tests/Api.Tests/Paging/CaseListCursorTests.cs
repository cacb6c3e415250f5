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
/// GET /api/v1/cases by cursor over real PostgreSQL: every sort order in both directions (NULL kernel releases,
/// equal titles, priorities and update times among the keys), walked two cases a page, gives every case once in the
/// order the test computes from the rows; cases created at the head while a client pages are neither seen nor cause
/// repeats; a garbled cursor or one of another sort or filter is a 400 invalid_cursor.
/// </summary>
public sealed class CaseListCursorTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;
    private HttpClient _client = null!;
    private Caller _me = null!;

    private static readonly string[] Workflow = ["new", "triaging", "waiting-for-customer", "root-caused", "closed"];

    public async Task InitializeAsync()
    {
        _factory = await ApiFactory.CreateAsync();
        (_me, var key) = await _factory.CreateTenantAsync();
        _client = _factory.ClientWithKey(key);
        // Titles of one word (every collation orders them alike); "bravo" three times, "zebra" matches a search
        // in the title (weight A) of three cases and in the description (weight C) of two.
        var cases = new (string Title, string? Description, string? Patch, string? Release)[]
        {
            ("alpha", null, """{"priority": "P1"}""", "6.1.0"),
            ("bravo", "zebra", """{"status": "triaging", "priority": "P2"}""", null),
            ("bravo", null, """{"status": "triaging"}""", "5.10.0"),
            ("bravo", "zebra", """{"status": "closed", "priority": "P1"}""", null),
            ("charlie", null, """{"status": "triaging", "priority": "P4"}""", "6.1.0"),
            ("zebra", null, null, "6.2.0"),
            ("zebra", null, """{"priority": "P2"}""", null),
            ("zebra", null, """{"status": "triaging", "priority": "P2"}""", "5.10.0"),
            ("delta", null, """{"status": "triaging"}""", "6.1.0"),
            ("echo", null, null, null),
        };
        var ids = new List<Guid>();
        foreach (var (title, description, patch, _) in cases)
        {
            var (id, etag) = await CreateAsync(_client, title, "ACME", description);
            if (patch is not null)
                using (var patched = await PatchAsync(_client, id, etag, patch))
                    Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            ids.Add(id);
        }
        // Ties on the time keys: pairs of cases share their update time, three share their creation time; the
        // kernel release is a report's fact (set here as an analysis would).
        await using var connection = new NpgsqlConnection(_factory.Database.ConnectionString);
        await connection.OpenAsync();
        var t0 = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < ids.Count; i++)
        {
            await using var update = new NpgsqlCommand("UPDATE cases SET updated_at = @updated, created_at = @created, kernel_release = @release WHERE id = @id", connection);
            update.Parameters.AddWithValue("updated", t0.AddMinutes(i / 2).UtcDateTime);
            update.Parameters.AddWithValue("created", t0.AddHours(-1).AddSeconds(i < 3 ? 0 : i).UtcDateTime);
            update.Parameters.AddWithValue("release", (object?)cases[i].Release ?? DBNull.Value);
            update.Parameters.AddWithValue("id", ids[i]);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Theory]
    [InlineData("updated", "desc")]
    [InlineData("updated", "asc")]
    [InlineData("created", "desc")]
    [InlineData("created", "asc")]
    [InlineData("priority", "desc")]
    [InlineData("priority", "asc")]
    [InlineData("status", "desc")]
    [InlineData("status", "asc")]
    [InlineData("title", "desc")]
    [InlineData("title", "asc")]
    [InlineData("kernel", "desc")]
    [InlineData("kernel", "asc")]
    public async Task Walking_every_page_gives_every_case_once_in_the_sort_order(string sort, string order)
    {
        var all = (await ListAsync($"sort={sort}&order={order}&limit=200")).Items;
        Assert.Equal(10, all.Count);
        var expected = Expected(all, sort, order == "desc").Select(c => c.Id).ToList();

        foreach (int limit in new[] { 1, 2, 3 })
            Assert.Equal(expected, (await _client.GetAllAsync<CaseSummaryDto>($"/api/v1/cases?sort={sort}&order={order}", limit))!.Select(c => c.Id));
    }

    [Fact]
    public async Task A_relevance_walk_ranks_title_matches_first_and_breaks_rank_ties_by_update_then_id()
    {
        var all = (await ListAsync("q=zebra&limit=200")).Items;
        var titles = all.Where(c => c.Title == "zebra").ToList();
        var descriptions = all.Where(c => c.Title != "zebra").ToList();
        Assert.Equal((3, 2), (titles.Count, descriptions.Count));
        var expected = Expected(titles, "updated", true).Concat(Expected(descriptions, "updated", true)).Select(c => c.Id).ToList();

        Assert.Equal(expected, all.Select(c => c.Id));
        foreach (int limit in new[] { 1, 2 })
            Assert.Equal(expected, (await _client.GetAllAsync<CaseSummaryDto>("/api/v1/cases?q=zebra", limit))!.Select(c => c.Id));
    }

    [Fact]
    public async Task Filters_travel_with_the_cursor_and_the_total_stays_the_filter_count()
    {
        var first = await ListAsync("status=triaging&sort=title&order=asc&limit=2");
        var second = await ListAsync($"status=triaging&sort=title&order=asc&limit=2&cursor={Uri.EscapeDataString(first.NextCursor!)}");
        var third = await ListAsync($"status=triaging&sort=title&order=asc&limit=2&cursor={Uri.EscapeDataString(second.NextCursor!)}");

        Assert.Equal((5, 5, 5), (first.Total, second.Total, third.Total));
        Assert.Null(third.NextCursor);
        Assert.Equal(["bravo", "bravo", "charlie", "delta", "zebra"], first.Items.Concat(second.Items).Concat(third.Items).Select(c => c.Title));
    }

    [Theory]
    [InlineData("created")]
    [InlineData("updated")]
    public async Task Cases_created_at_the_head_while_paging_cause_no_skip_and_no_repeat(string sort)
    {
        var before = (await ListAsync($"sort={sort}&limit=200")).Items.Select(c => c.Id).ToList();
        var seen = new List<Guid>();
        var page = await ListAsync($"sort={sort}&limit=3");
        seen.AddRange(page.Items.Select(c => c.Id));
        int created = 0;
        while (page.NextCursor is not null)
        {
            // Two new cases between every two pages: newest first, they land where the client has already been.
            for (int i = 0; i < 2; i++, created++)
                await CreateAsync(_client, $"newcomer{created}");
            page = await ListAsync($"sort={sort}&limit=3&cursor={Uri.EscapeDataString(page.NextCursor)}");
            seen.AddRange(page.Items.Select(c => c.Id));
        }

        Assert.True(created >= 6, $"only {created} cases were created while paging");
        Assert.Equal(before, seen);
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("AQ")]
    [InlineData("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_garbled_cursor_is_an_invalid_cursor_problem_naming_the_cursor(string cursor)
    {
        using var response = await _client.GetAsync($"/api/v1/cases?cursor={cursor}");
        await AssertInvalidCursorAsync(response);
    }

    [Theory]
    [InlineData("sort=title")]
    [InlineData("sort=created&order=asc")]
    [InlineData("sort=created&status=triaging")]
    [InlineData("sort=created&q=zebra")]
    public async Task A_cursor_reused_with_another_sort_or_filter_is_an_invalid_cursor_problem(string other)
    {
        var first = await ListAsync("sort=created&limit=2");
        using var response = await _client.GetAsync($"/api/v1/cases?{other}&limit=2&cursor={Uri.EscapeDataString(first.NextCursor!)}");
        await AssertInvalidCursorAsync(response);
        // The same cursor with its own sort (and another limit) goes on.
        Assert.Equal(3, (await ListAsync($"sort=created&limit=3&cursor={Uri.EscapeDataString(first.NextCursor!)}")).Items.Count);
    }

    [Fact]
    public async Task A_cursor_of_another_list_is_an_invalid_cursor_problem()
    {
        var first = await ListAsync("limit=1");
        using var groups = await _client.GetAsync($"/api/v1/groups?cursor={Uri.EscapeDataString(first.NextCursor!)}");
        await AssertInvalidCursorAsync(groups);
        using var timeline = await _client.GetAsync($"/api/v1/cases/{first.Items[0].Id}/timeline?cursor={Uri.EscapeDataString(first.NextCursor!)}");
        await AssertInvalidCursorAsync(timeline);
    }

    internal static async Task AssertInvalidCursorAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json.ReadElementAsync(response);
        Assert.Equal("invalid_cursor", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out var messages), body);
        Assert.Contains("cursor", messages[0].GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    /// <summary>The order each sort promises, computed here from the rows (ids compare as PostgreSQL's uuid: by their text).</summary>
    private static IEnumerable<CaseSummaryDto> Expected(IEnumerable<CaseSummaryDto> cases, string sort, bool descending)
    {
        var byId = Comparer<Guid>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return sort switch
        {
            "updated" => descending ? cases.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id, byId) : cases.OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id, byId),
            "created" => descending ? cases.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id, byId) : cases.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, byId),
            "priority" => (descending ? cases.OrderBy(c => c.Priority, StringComparer.Ordinal) : cases.OrderByDescending(c => c.Priority, StringComparer.Ordinal))
                .ThenByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id, byId),
            "status" => (descending ? cases.OrderBy(c => Array.IndexOf(Workflow, c.Status)) : cases.OrderByDescending(c => Array.IndexOf(Workflow, c.Status)))
                .ThenByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id, byId),
            "title" => (descending ? cases.OrderByDescending(c => c.Title, StringComparer.Ordinal) : cases.OrderBy(c => c.Title, StringComparer.Ordinal)).ThenBy(c => c.Id, byId),
            "kernel" => (descending
                    ? cases.OrderBy(c => c.KernelRelease is null).ThenByDescending(c => c.KernelRelease, StringComparer.Ordinal).ThenByDescending(c => c.Id, byId)
                    : cases.OrderBy(c => c.KernelRelease is null).ThenBy(c => c.KernelRelease, StringComparer.Ordinal).ThenBy(c => c.Id, byId)),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
        };
    }

    private async Task<CasePageDto> ListAsync(string query)
    {
        using var response = await _client.GetAsync("/api/v1/cases?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Json.ReadAsync<CasePageDto>(response);
    }
}
