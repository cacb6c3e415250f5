using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>
/// A group marked a known issue labels its cases, and each case's kernel is judged against the fix on
/// its line. The Debian fixture kernel is 6.1.0-56-cloud-amd64, upstream 6.1.192 — as crash's
/// <c>sys</c> VERSION line says ("Debian 6.1.192-2"), which is where the expected version comes from.
/// </summary>
public sealed partial class KnownIssueApiTests
{
    private const string Fixture = "debian-6.1-cloud/oops-null/kdump-lzo";

    [Fact]
    public async Task Fixed_in_a_later_stable_labels_the_Debian_cases_as_predating_it_and_an_earlier_one_as_having_it()
    {
        string upstream = UpstreamVersionFromCrash();
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        string folder = TestFixtures.Folder(Fixture);
        var dumpCase = await CaseFlow.CreateWithFileAsync(client, "oops dump", TestFixtures.DumpFile(Fixture), "vmcore");
        var logCase = await CaseFlow.CreateWithFileAsync(client, "oops console", Path.Combine(folder, "console.txt"), "console-log");
        await CaseFlow.WaitForAnalysesAsync(client, dumpCase, 1, "the dump");
        await CaseFlow.WaitForAnalysesAsync(client, logCase, 1, "the console log");
        var group = (await CaseAsync(client, dumpCase)).GroupId!.Value;
        Assert.Equal(group, (await CaseAsync(client, logCase)).GroupId);
        Assert.Null((await CaseAsync(client, dumpCase)).KnownIssue);

        // Bad input names the field; nothing is stored.
        using (var bad = await client.PutAsJsonAsync($"/api/v1/groups/{group}/known-issue", new KnownIssueRequest("x", null, ["six point one"], null, null)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("fixedIn", await bad.Content.ReadAsStringAsync());
        }
        using (var bad = await client.PutAsJsonAsync($"/api/v1/groups/{group}/known-issue", new KnownIssueRequest("x", ["javascript:alert(1)"], null, null, null)))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var none = await client.GetAsync($"/api/v1/groups/{group}/known-issue"))
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);

        var marked = await PutAsync(client, group, null, new KnownIssueRequest("corpus_crash writes through NULL",
            ["https://bugzilla.example.org/show_bug.cgi?id=4711"], ["6.1.200", "5.15.149"], "Unload `corpus_crash`.", "Keep kdump on."));
        Assert.Equal(1, marked.Version);
        Assert.Equal(2, marked.CaseCount);
        foreach (var caseId in new[] { dumpCase, logCase })
        {
            var known = (await CaseAsync(client, caseId)).KnownIssue!;
            Assert.Equal("predates-fix", known.Verdict);
            Assert.Equal(upstream, known.KernelVersion);
            Assert.Contains($"{upstream} predates the fix 6.1.200", known.Sentence);
            var same = await client.GetFromJsonAsync<CaseKnownIssueDto>($"/api/v1/cases/{caseId}/known-issue", Json.Web);
            Assert.Equal(known, same);
        }

        // An edit on the version read: the fix moves before the kernel; a stale one is refused.
        var edited = await PutAsync(client, group, "\"k1\"", new KnownIssueRequest("corpus_crash writes through NULL", null, ["6.1.100"], null, null));
        Assert.Equal(2, edited.Version);
        using (var stale = await SendPutAsync(client, group, "\"k1\"", new KnownIssueRequest("stale", null, ["6.1.300"], null, null)))
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        foreach (var caseId in new[] { dumpCase, logCase })
        {
            var known = (await CaseAsync(client, caseId)).KnownIssue!;
            Assert.Equal("has-fix", known.Verdict);
            Assert.Contains($"{upstream} has the fix 6.1.100", known.Sentence);
        }

        // A new case of the crash is labelled as soon as its analysis stores the report, and its timeline says so.
        var later = await CaseFlow.CreateWithFileAsync(client, "oops again", Path.Combine(folder, "console.txt"), "console-log");
        await CaseFlow.WaitForAnalysesAsync(client, later, 1, "the later console log");
        Assert.Equal("has-fix", (await CaseAsync(client, later)).KnownIssue!.Verdict);
        var timeline = await client.GetAllAsync<CaseEventDto>($"/api/v1/cases/{later}/timeline");
        Assert.Contains(timeline!, e => e.Kind == "known-issue" && e.NewValue == "corpus_crash writes through NULL");

        var list = await client.GetAllAsync<KnownIssueDto>("/api/v1/known-issues");
        Assert.Equal(3, Assert.Single(list!).CaseCount);

        // Another organisation sees nothing; unmarking removes the label.
        var (_, otherKey) = await factory.CreateTenantAsync();
        using var other = factory.ClientWithKey(otherKey);
        using (var foreign = await other.PutAsJsonAsync($"/api/v1/groups/{group}/known-issue", new KnownIssueRequest("mine", null, null, null, null)))
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Empty((await other.GetAllAsync<KnownIssueDto>("/api/v1/known-issues"))!);
        using (var delete = await client.DeleteAsync($"/api/v1/groups/{group}/known-issue"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Null((await CaseAsync(client, dumpCase)).KnownIssue);
    }

    /// <summary>The upstream version in crash's <c>sys</c> VERSION of the fixture ("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (…)").</summary>
    private static string UpstreamVersionFromCrash()
    {
        string sys = File.ReadAllText(Path.Combine(TestFixtures.Folder(Fixture), "crash", "sys.txt"));
        var match = DebianVersion().Match(sys);
        Assert.True(match.Success, "crash's sys.txt has no Debian VERSION line");
        return match.Groups[1].Value;
    }

    private static async Task<CaseDto> CaseAsync(HttpClient client, Guid caseId) =>
        (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!;

    private static async Task<KnownIssueDto> PutAsync(HttpClient client, Guid group, string? ifMatch, KnownIssueRequest request)
    {
        using var response = await SendPutAsync(client, group, ifMatch, request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var issue = await Json.ReadAsync<KnownIssueDto>(response);
        Assert.Equal($"\"k{issue.Version}\"", response.Headers.ETag!.ToString());
        return issue;
    }

    private static async Task<HttpResponseMessage> SendPutAsync(HttpClient client, Guid group, string? ifMatch, KnownIssueRequest request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/groups/{group}/known-issue") { Content = JsonContent.Create(request) };
        if (ifMatch is not null)
            message.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        return await client.SendAsync(message);
    }

    [GeneratedRegex(@"VERSION: .*Debian (\d+\.\d+\.\d+)-")]
    private static partial Regex DebianVersion();
}
