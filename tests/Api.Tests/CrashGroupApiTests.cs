using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>
/// Crash groups through the API: every fixture dump and console log analysed as its own case lands in
/// its crash's group (a dump with the console log captured from the same crash; never two scenarios
/// in one group), and a person's merge, split and move survive re-analysis.
/// </summary>
public sealed class CrashGroupApiTests
{
    [Fact]
    public async Task Every_fixture_dump_shares_a_group_with_its_own_console_log_and_no_group_mixes_two_scenarios()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);

        // (case, the file, its scenario, the crash it is: a dump and its console.txt are one crash)
        var cases = new List<(Guid Case, string File, string Scenario, string Crash)>();
        string dumps = Path.Combine(TestFixtures.Root, "dumps");
        foreach (string console in Directory.GetFiles(dumps, "console.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string folder = Path.GetDirectoryName(console)!;
            string id = Path.GetRelativePath(dumps, folder).Replace('\\', '/');
            string scenario = id.Split('/')[1];
            string dump = Directory.GetFiles(folder, "dump.*").Single();
            cases.Add((await CaseFlow.CreateWithFileAsync(client, $"dump {id}", dump, "vmcore"), id + "/" + Path.GetFileName(dump), scenario, id));
            cases.Add((await CaseFlow.CreateWithFileAsync(client, $"console {id}", console, "console-log"), id + "/console.txt", scenario, id));
        }
        string logs = Path.Combine(TestFixtures.Root, "logs");
        foreach (string log in Directory.GetFiles(logs, "*.console.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string id = Path.GetRelativePath(logs, log).Replace('\\', '/');
            cases.Add((await CaseFlow.CreateWithFileAsync(client, $"log {id}", log, "console-log"), "logs/" + id, Path.GetFileName(log).Split('.')[0], "logs/" + id));
        }
        foreach (var c in cases)
            await CaseFlow.WaitForAnalysesAsync(client, c.Case, 1, c.File);

        var groupOf = new Dictionary<Guid, Guid>();
        foreach (var c in cases)
        {
            var details = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{c.Case}", Json.Web);
            Assert.True(details!.GroupId is not null, $"{c.File} joined no group (signature {details.CrashSignature ?? "none"}, title {details.TriageTitle ?? "none"})");
            groupOf[c.Case] = details.GroupId!.Value;
        }
        foreach (var crash in cases.GroupBy(c => c.Crash))
            Assert.True(crash.Select(c => groupOf[c.Case]).Distinct().Count() == 1,
                $"{crash.Key}: its dump and its console log are in different groups: {string.Join(", ", crash.Select(c => $"{c.File} → {groupOf[c.Case]}"))}");
        foreach (var group in cases.GroupBy(c => groupOf[c.Case]))
            Assert.True(group.Select(c => c.Scenario).Distinct().Count() == 1,
                $"group {group.Key} mixes scenarios: {string.Join(", ", group.Select(c => c.File))}");
        // The seven dumps of one sysrq crash of one kernel (every format) are one crash.
        Assert.Single(cases.Where(c => c.Crash.StartsWith("mini-6.1-lockdep/sysrq-c/", StringComparison.Ordinal)).Select(c => groupOf[c.Case]).Distinct());

        // The list counts each group's cases; the group page lists them.
        var page = await client.GetFromJsonAsync<CrashGroupPageDto>("/api/v1/groups?limit=200", Json.Web);
        Assert.Equal(groupOf.Values.Distinct().Count(), page!.Total);
        Assert.Null(page.NextCursor);
        foreach (var summary in page.Items)
            Assert.Equal(groupOf.Values.Count(g => g == summary.Id), summary.CaseCount);
        var biggest = page.Items.MaxBy(g => g.CaseCount)!;
        var view = await client.GetFromJsonAsync<CrashGroupDto>($"/api/v1/groups/{biggest.Id}", Json.Web);
        Assert.Equal(biggest.CaseCount, view!.Cases.Count);
        Assert.Equal(biggest.CaseCount, view.Weekly.Sum(w => w.Cases));
        Assert.NotNull(view.Representative);
        Assert.NotEmpty(view.Representative.LogExcerpt);
    }

    [Fact]
    public async Task A_merge_a_split_and_a_move_by_hand_survive_re_analysis_and_are_in_the_timeline()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        string oops = Path.Combine(TestFixtures.Root, "logs", "debian-6.1-cloud", "oops-null.console.txt");
        string bug = Path.Combine(TestFixtures.Root, "logs", "debian-6.1-cloud", "bug.console.txt");
        var a = await CaseFlow.CreateWithFileAsync(client, "oops a", oops, "console-log");
        var b = await CaseFlow.CreateWithFileAsync(client, "oops b", oops, "console-log");
        var c = await CaseFlow.CreateWithFileAsync(client, "bug c", bug, "console-log");
        foreach (var id in new[] { a, b, c })
            await CaseFlow.WaitForAnalysesAsync(client, id, 1, "the console log");
        Guid oopsGroup = (await GroupAsync(client, a)).GroupId!.Value;
        Guid bugGroup = (await GroupAsync(client, c)).GroupId!.Value;
        Assert.Equal(oopsGroup, (await GroupAsync(client, b)).GroupId);
        Assert.NotEqual(oopsGroup, bugGroup);

        // Merge the bug's group into the oops' group: its case moves, and a re-analysis follows the merge.
        using (var merge = await client.PostAsJsonAsync($"/api/v1/groups/{bugGroup}/merge", new MergeGroupRequest(oopsGroup)))
            Assert.Equal(HttpStatusCode.NoContent, merge.StatusCode);
        await CaseFlow.ReanalyseAsync(client, c, 2);
        Assert.Equal(oopsGroup, (await GroupAsync(client, c)).GroupId);
        var merged = await client.GetFromJsonAsync<CrashGroupDto>($"/api/v1/groups/{bugGroup}", Json.Web);
        Assert.Equal(oopsGroup, merged!.MergedIntoId);
        Assert.Empty(merged.Cases);

        // Split case b off: pinned in the new group, also after a re-analysis.
        Guid split;
        using (var response = await client.PostAsJsonAsync($"/api/v1/groups/{oopsGroup}/split", new SplitGroupRequest([b], "oops on the db hosts")))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            split = (await Json.ReadAsync<CreatedGroupDto>(response)).Id;
        }
        await CaseFlow.ReanalyseAsync(client, b, 2);
        var bAfter = await GroupAsync(client, b);
        Assert.Equal(split, bAfter.GroupId);
        Assert.True(bAfter.GroupPinned);

        // Move case a into the split group by hand, then back to its signature's group.
        using (var move = await client.PutAsJsonAsync($"/api/v1/cases/{a}/group", new MoveCaseRequest(split)))
            Assert.Equal(HttpStatusCode.NoContent, move.StatusCode);
        await CaseFlow.ReanalyseAsync(client, a, 2);
        Assert.Equal(split, (await GroupAsync(client, a)).GroupId);
        using (var back = await client.PutAsJsonAsync($"/api/v1/cases/{a}/group", new MoveCaseRequest(null)))
            Assert.Equal(HttpStatusCode.NoContent, back.StatusCode);
        var aBack = await GroupAsync(client, a);
        Assert.Equal(oopsGroup, aBack.GroupId);
        Assert.False(aBack.GroupPinned);

        // Each change is in the case's timeline.
        var timeline = await client.GetAllAsync<CaseEventDto>($"/api/v1/cases/{a}/timeline");
        var moves = timeline!.Where(e => e.Kind == "group").ToList();
        Assert.Equal(2, moves.Count);
        Assert.Contains("oops on the db hosts", moves[0].NewValue);
        Assert.Contains("back to its signature's group", moves[1].NewValue);
        var cTimeline = await client.GetAllAsync<CaseEventDto>($"/api/v1/cases/{c}/timeline");
        Assert.Contains(cTimeline!, e => e.Kind == "group" && e.NewValue!.StartsWith("merged into", StringComparison.Ordinal));

        // Refusals: into itself, into a merged group; another organisation sees none of it.
        using (var self = await client.PostAsJsonAsync($"/api/v1/groups/{oopsGroup}/merge", new MergeGroupRequest(oopsGroup)))
            Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        using (var intoMerged = await client.PostAsJsonAsync($"/api/v1/groups/{split}/merge", new MergeGroupRequest(bugGroup)))
            Assert.Equal(HttpStatusCode.Conflict, intoMerged.StatusCode);
        var (_, otherKey) = await factory.CreateTenantAsync();
        using var other = factory.ClientWithKey(otherKey);
        using (var foreign = await other.GetAsync($"/api/v1/groups/{oopsGroup}"))
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(0, (await other.GetFromJsonAsync<CrashGroupPageDto>("/api/v1/groups", Json.Web))!.Total);
        using (var foreignMove = await other.PutAsJsonAsync($"/api/v1/cases/{a}/group", new MoveCaseRequest(split)))
            Assert.Equal(HttpStatusCode.NotFound, foreignMove.StatusCode);
    }

    private static async Task<CaseDto> GroupAsync(HttpClient client, Guid caseId) =>
        (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!;
}
