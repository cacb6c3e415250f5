using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using static Crashdesk.Api.Tests.CaseWorkflowApiTests;

namespace Crashdesk.Api.Tests;

/// <summary>The case list over REST: server-side filters, full-text search (cases and notes), order and paging.</summary>
public sealed class CaseListApiTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;
    private HttpClient _client = null!;
    private readonly Dictionary<string, Guid> _ids = [];

    public async Task InitializeAsync()
    {
        _factory = await ApiFactory.CreateAsync();
        var (me, key) = await _factory.CreateTenantAsync();
        _client = _factory.ClientWithKey(key);
        var (alex, _) = await _factory.AddUserAsync(me.OrganizationId, "Alex");
        // Five cases, created oldest first.
        foreach (var (title, customer, description) in new[]
                 {
                     ("NULL pointer in nvme_queue_rq", "ACME", "seen after the firmware update"),
                     ("Hung task in jbd2", "Globex", "xfs and ext4 both mounted"),
                     ("Soft lockup on CPU 3", "ACME", null),
                     ("Panic in the bonding driver", "Initech", "customer mentions nvme too"),
                     ("Question about kdump sizing", "globex", null),
                 })
        {
            var (id, _) = await CreateAsync(_client, title, customer, description);
            _ids[title.Split(' ')[0]] = id;
        }
        await EditAsync("NULL", $$"""{"status": "triaging", "priority": "P1", "assignee": "{{me.UserId}}", "tags": ["nvme", "storage"]}""");
        await EditAsync("Hung", $$"""{"status": "triaging", "assignee": "{{alex.UserId}}", "tags": ["storage"]}""");
        await EditAsync("Soft", """{"status": "waiting-for-customer", "priority": "P2"}""");
        await EditAsync("Question", """{"status": "closed", "priority": "P4"}""");
        using var note = await _client.PostAsJsonAsync($"/api/v1/cases/{_ids["Soft"]}/notes", new CreateNoteRequest("The watchdog fired while **zswap** compacted memory"));
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        using var gone = await _client.PostAsJsonAsync($"/api/v1/cases/{_ids["Panic"]}/notes", new CreateNoteRequest("mentions hugetlbfs"));
        var goneId = (await Json.ReadAsync<NoteDto>(gone)).Id;
        using var deleted = await _client.DeleteAsync($"/api/v1/cases/{_ids["Panic"]}/notes/{goneId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Theory]
    [InlineData("status=triaging", "Hung NULL")]
    [InlineData("status=new,closed", "Panic Question")]
    [InlineData("status=new&status=waiting-for-customer", "Panic Soft")]
    [InlineData("priority=P1", "NULL")]
    [InlineData("priority=P3", "Hung Panic")]
    [InlineData("assignee=mine", "NULL")]
    [InlineData("assignee=none", "Panic Question Soft")]
    [InlineData("tag=storage", "Hung NULL")]
    [InlineData("tag=NVME", "NULL")]
    [InlineData("customer=GLOBEX", "Hung Question")]
    [InlineData("hasDump=false", "Hung NULL Panic Question Soft")]
    [InlineData("hasDump=true", "")]
    [InlineData("class=oops", "")]
    [InlineData("status=triaging&tag=nvme", "NULL")]
    public async Task Filters_select_the_matching_cases(string query, string expected)
    {
        var page = await ListAsync(query);
        Assert.Equal(expected, string.Join(' ', page.Items.Select(i => i.Title.Split(' ')[0]).Order(StringComparer.Ordinal)));
        Assert.Equal(page.Items.Count, page.Total);
    }

    [Theory]
    [InlineData("firmware", "NULL")] // description
    [InlineData("nvme", "NULL Panic")] // title beats description
    [InlineData("zswap", "Soft")] // a note's Markdown
    [InlineData("hugetlbfs", "")] // a deleted note's words are gone
    [InlineData("jbd2", "Hung")] // an identifier in the title
    [InlineData("\"soft lockup\"", "Soft")] // a phrase
    [InlineData("nvme -bonding", "NULL")] // exclusion
    [InlineData("initech", "Panic")] // the customer
    public async Task Search_finds_words_of_titles_descriptions_customers_and_notes_best_first(string q, string expected)
    {
        var page = await ListAsync("q=" + Uri.EscapeDataString(q));
        Assert.Equal(expected, string.Join(' ', page.Items.Select(i => i.Title.Split(' ')[0])));
    }

    [Fact]
    public async Task Pages_are_ordered_server_side_and_count_every_match()
    {
        var first = await ListAsync("sort=created&order=asc&limit=2");
        var second = await ListAsync("sort=created&order=asc&limit=2&cursor=" + Uri.EscapeDataString(first.NextCursor!));
        var third = await ListAsync("sort=created&order=asc&limit=2&cursor=" + Uri.EscapeDataString(second.NextCursor!));
        Assert.Equal((5, 2, 5), (first.Total, first.Items.Count, third.Total));
        Assert.Null(third.NextCursor);
        Assert.Equal(["NULL", "Hung", "Soft", "Panic", "Question"],
            first.Items.Concat(second.Items).Concat(third.Items).Select(i => i.Title.Split(' ')[0]));
        var byPriority = await ListAsync("sort=priority");
        Assert.Equal(["P1", "P2", "P3", "P3", "P4"], byPriority.Items.Select(i => i.Priority));
        var byStatus = await ListAsync("sort=status");
        Assert.Equal(["new", "triaging", "triaging", "waiting-for-customer", "closed"], byStatus.Items.Select(i => i.Status));
        var mine = Assert.Single((await ListAsync("assignee=mine")).Items);
        Assert.Equal(["nvme", "storage"], mine.Tags);
        Assert.Equal("Engineer", mine.AssigneeName);
    }

    [Theory]
    [InlineData("status=solved", "status")]
    [InlineData("priority=urgent", "priority")]
    [InlineData("assignee=bob", "assignee")]
    [InlineData("sort=colour", "sort")]
    [InlineData("limit=1000", "limit")]
    [InlineData("limit=0", "limit")]
    public async Task A_bad_filter_is_a_validation_problem_naming_it(string query, string field)
    {
        using var response = await _client.GetAsync("/api/v1/cases?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadElementAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    private async Task<CasePageDto> ListAsync(string query)
    {
        using var response = await _client.GetAsync("/api/v1/cases?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Json.ReadAsync<CasePageDto>(response);
    }

    private async Task EditAsync(string name, string patch)
    {
        var etag = (await _client.GetAsync($"/api/v1/cases/{_ids[name]}")).Headers.ETag!.ToString();
        using var response = await PatchAsync(_client, _ids[name], etag, patch);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
