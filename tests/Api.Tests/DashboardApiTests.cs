using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>
/// The dashboard's figures against what the test did: cases opened and closed this week by class,
/// open cases by status, the analysis that failed with its file and error, the job servers.
/// </summary>
public sealed class DashboardApiTests
{
    [Fact]
    public async Task The_summary_and_the_weekly_series_count_what_happened()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        await CaseFlow.CreateCaseAsync(client, "waiting");
        var closed = await CaseFlow.CreateCaseAsync(client, "closed");
        var oops = await CaseFlow.CreateWithFileAsync(client, "oops", Path.Combine(TestFixtures.Root, "logs", "debian-6.1-cloud", "oops-null.console.txt"), "console-log");
        var junk = await CaseFlow.CreateCaseAsync(client, "junk");
        using (var upload = await client.PutAsync($"/api/v1/cases/{junk}/artifacts/notes.txt?kind=vmcore", new ByteArrayContent("meeting notes, not a vmcore\n"u8.ToArray())))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        await CaseFlow.WaitForAnalysesAsync(client, oops, 1, "the console log");
        using (var read = await client.GetAsync($"/api/v1/cases/{closed}"))
        using (var close = await CaseWorkflowApiTests.PatchAsync(client, closed, read.Headers.ETag!.ToString(), """{"status": "closed"}"""))
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        var failure = await WaitForFailureAsync(client);

        var summary = (await client.GetFromJsonAsync<DashboardSummaryDto>("/api/v1/dashboard/summary", Json.Web))!;
        Assert.Equal(3, summary.OpenCases);
        Assert.Equal(3, summary.OpenByStatus.Single(s => s.Status == "new").Cases);
        Assert.DoesNotContain(summary.OpenByStatus, s => s.Status == "closed");
        Assert.Equal(3, summary.OpenByAssignee.Single(a => a.UserId is null).Cases);
        Assert.Equal(junk, failure.CaseId);
        Assert.Equal("notes.txt", failure.FileName);
        Assert.False(string.IsNullOrWhiteSpace(failure.Error));
        Assert.Equal(1, summary.Queue.FailedLastDay);
        Assert.Equal(1, summary.Queue.DoneLastDay);
        Assert.NotNull(summary.Queue.Workers);
        Assert.NotEmpty(summary.Queue.Workers!);
        var oopsCase = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{oops}", Json.Web))!;
        var growing = Assert.Single(summary.GrowingGroups);
        Assert.Equal(oopsCase.GroupId, growing.Id);
        Assert.Equal(1, growing.Recent);

        var weekly = (await client.GetFromJsonAsync<DashboardWeeklyDto>("/api/v1/dashboard/weekly?weeks=4", Json.Web))!;
        Assert.Equal(4, weekly.Weeks.Count);
        Assert.Equal(DayOfWeek.Monday, weekly.Weeks[^1].DayOfWeek);
        Assert.All(weekly.Opened.Concat(weekly.Closed), s => Assert.Equal(4, s.Counts.Count));
        Assert.Equal(4, weekly.Opened.Sum(s => s.Counts[^1]));
        Assert.Equal(1, weekly.Opened.Single(s => s.CrashClass == oopsCase.CrashClass).Counts[^1]);
        Assert.Equal(3, weekly.Opened.Single(s => s.CrashClass == "unclassified").Counts[^1]);
        Assert.Equal(1, Assert.Single(weekly.Closed).Counts[^1]);
        using (var bad = await client.GetAsync("/api/v1/dashboard/weekly?weeks=0"))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // Another organisation's dashboard is empty.
        var (_, otherKey) = await factory.CreateTenantAsync();
        using var other = factory.ClientWithKey(otherKey);
        var theirs = (await other.GetFromJsonAsync<DashboardSummaryDto>("/api/v1/dashboard/summary", Json.Web))!;
        Assert.Equal(0, theirs.OpenCases);
        Assert.Empty(theirs.RecentFailures);
    }

    private static async Task<Core.Dashboard.FailedAnalysis> WaitForFailureAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var summary = (await client.GetFromJsonAsync<DashboardSummaryDto>("/api/v1/dashboard/summary", Json.Web))!;
            if (summary.RecentFailures.Count > 0)
                return Assert.Single(summary.RecentFailures);
            Assert.True(DateTime.UtcNow < deadline, "the junk file's analysis did not fail within 3 minutes");
            await Task.Delay(250);
        }
    }
}
