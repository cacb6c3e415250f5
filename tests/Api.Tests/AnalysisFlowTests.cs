using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>
/// Acceptance 2 through the API with the in-process worker: create a case, upload the fixture
/// dump, poll, read the report. Expected values are crash's outputs for that dump, not ours.
/// </summary>
public sealed class AnalysisFlowTests
{
    private const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Upload_a_vmcore_then_the_report_has_crashs_panic_line_and_kernel_log(bool s3)
    {
        await using var factory = await ApiFactory.CreateAsync(s3: s3, worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("sysrq-c", "ACME", "T-42", null));
        var caseId = (await Json.ReadAsync<CaseDto>(created)).Id;

        await using (var dump = File.OpenRead(TestFixtures.DumpFile(Fixture)))
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/dump.zlib?kind=vmcore", new StreamContent(dump));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        var analysis = await WaitForAnalysisAsync(client, caseId);

        Assert.True(analysis.Status == "done", $"analysis ended {analysis.Status}: {analysis.Error}");
        Assert.Equal(100, analysis.Progress);
        Assert.Equal(1, analysis.Attempts);
        using var response = await client.GetAsync($"/api/v1/cases/{caseId}/report");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await Json.ReadAsync<ReportDto>(response);
        Assert.Equal(1, report.Version);
        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", report.Report.PanicLine);
        Assert.Equal(TestFixtures.CrashLog(Fixture), report.Report.KernelLog);
        var details = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web);
        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", details!.PanicLine);
    }

    [Fact]
    public async Task A_file_that_is_no_dump_fails_with_the_error_kept_and_no_report()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("junk", "ACME", null, null));
        var caseId = (await Json.ReadAsync<CaseDto>(created)).Id;

        using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/notes.txt?kind=vmcore",
            new ByteArrayContent("these are meeting notes, not a vmcore\n"u8.ToArray()));
        var analysis = await WaitForAnalysisAsync(client, caseId);

        Assert.Equal("failed", analysis.Status);
        Assert.False(string.IsNullOrWhiteSpace(analysis.Error));
        using var report = await client.GetAsync($"/api/v1/cases/{caseId}/report");
        Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
    }

    [Fact]
    public async Task Reanalyse_adds_the_next_report_version_and_is_refused_while_one_is_pending()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("again", "ACME", null, null));
        var caseId = (await Json.ReadAsync<CaseDto>(created)).Id;
        using (var nothing = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/analyses", new ReanalyseRequest(null)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.StatusCode);
            Assert.Contains("no vmcore or console log", (await Json.ReadAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(nothing)).Detail);
        }
        await using (var dump = File.OpenRead(TestFixtures.DumpFile(Fixture)))
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/dump.zlib?kind=vmcore", new StreamContent(dump));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        await WaitForAnalysisAsync(client, caseId);

        using var again = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/analyses", new ReanalyseRequest(null));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var queued = await Json.ReadAsync<AnalysisDto>(again);
        Assert.Equal("queued", queued.Status);
        // The same artifact while that analysis is pending: 409 (it may already have finished on a fast machine: then 202).
        using var twice = await client.PostAsync($"/api/v1/cases/{caseId}/analyses", null);
        Assert.True(twice.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Accepted, $"got {twice.StatusCode}");
        int expectedAnalyses = twice.StatusCode == HttpStatusCode.Accepted ? 3 : 2;

        var deadline = DateTime.UtcNow.AddMinutes(3);
        CaseDto details;
        while (true)
        {
            details = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!;
            if (details.Analyses.Count == expectedAnalyses && details.Analyses.All(a => a.Status is "done" or "failed"))
                break;
            Assert.True(DateTime.UtcNow < deadline, "re-analysis did not finish");
            await Task.Delay(250);
        }
        Assert.All(details.Analyses, a => Assert.Equal("done", a.Status));
        Assert.Single(details.Artifacts);
        Assert.All(details.Analyses, a => Assert.Equal(details.Artifacts[0].Id, a.ArtifactId));
        var report = await client.GetFromJsonAsync<ReportDto>($"/api/v1/cases/{caseId}/report", Json.Web);
        Assert.Equal(expectedAnalyses, report!.Version);
        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", report.Report.PanicLine);

        // Another organisation's case is not found, never forbidden.
        var (_, otherKey) = await factory.CreateTenantAsync();
        using var stranger = factory.ClientWithKey(otherKey);
        using var foreign = await stranger.PostAsync($"/api/v1/cases/{caseId}/analyses", null);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    private static async Task<AnalysisDto> WaitForAnalysisAsync(HttpClient client, Guid caseId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var details = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web);
            var analysis = Assert.Single(details!.Analyses);
            if (analysis.Status is "done" or "failed")
                return analysis;
            Assert.True(DateTime.UtcNow < deadline, $"analysis still {analysis.Status} ({analysis.ProgressMessage}) after 3 minutes");
            await Task.Delay(250);
        }
    }
}
