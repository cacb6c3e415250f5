using System.Net;
using System.Net.Http.Json;
using Crashdesk.Analysis.Tests.Debuginfod;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>
/// Debug kernels from debuginfod through the API with the in-process worker (real Hangfire queues,
/// PostgreSQL, store) and Debian's real `debuginfod` serving the mini fixture vmlinux: an uploaded dump
/// whose build-id the library lacks gets its report at once, then a second one with the fetched kernel,
/// and the library entry and the report say where the kernel came from.
/// </summary>
public sealed class DebuginfodApiTests
{
    private const string Mini = "mini-6.1-lockdep";
    private const string MiniDump = "mini-6.1-lockdep/sysrq-c/kdump-zstd";
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_dump_of_a_build_the_library_lacks_is_reanalysed_with_the_kernel_fetched_from_debuginfod_and_its_origin_is_shown()
    {
        string vmlinux = TestFixtures.Vmlinux(Mini);
        string buildId = TestFixtures.ReadelfBuildId(vmlinux);
        using var server = new DebuginfodServer(vmlinux);
        await server.WaitUntilServedAsync(buildId, _timeout);
        await using var factory = await ApiFactory.CreateAsync(worker: true,
            extraSettings: new Dictionary<string, string?> { ["Debuginfod:Servers:0"] = server.Url.ToString() });
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        string url = new Uri(server.Url, $"buildid/{buildId}/debuginfo").ToString();

        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("no kernel yet", "ACME", null, null));
        var caseId = (await Json.ReadAsync<CaseDto>(created)).Id;
        await using (var dump = File.OpenRead(TestFixtures.DumpFile(MiniDump)))
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/vmcore?kind=vmcore", new StreamContent(dump));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        var first = await WaitForReportAsync(client, caseId, version: 1);
        Assert.False(first.DebugKernel!.Used);
        Assert.Contains("being fetched from debuginfod", first.DebugKernel.Note);
        var second = await WaitForReportAsync(client, caseId, version: 2);
        Assert.True(second.DebugKernel!.Used, second.DebugKernel.Note);
        Assert.Equal(url, second.DebugKernel.Origin);
        Assert.NotNull(second.Report.Tasks);

        var entry = Assert.Single((await client.GetAllAsync<DebugKernelDto>("/api/v1/debug-kernels"))!);
        Assert.Equal("ready", entry.Status);
        Assert.Equal(url, entry.Origin);
        Assert.Equal(buildId, entry.BuildId);
        Assert.Equal(entry.Id, second.DebugKernel.LibraryId);
        var fetched = await client.GetFromJsonAsync<DebugKernelDto>($"/api/v1/debug-kernels/{entry.Id}", Json.Web);
        Assert.Equal(url, fetched!.Origin);
        var timeline = await client.GetAllAsync<CaseEventDto>($"/api/v1/cases/{caseId}/timeline");
        Assert.Contains(timeline!, e => e.Kind == "debuginfod" && e.NewValue!.Contains(url));
    }

    private static async Task<ReportDto> WaitForReportAsync(HttpClient client, Guid caseId, int version)
    {
        var deadline = DateTime.UtcNow + _timeout;
        while (true)
        {
            // By version: the second may follow the first faster than this polls.
            using var response = await client.GetAsync($"/api/v1/cases/{caseId}/reports/{version}");
            if (response.StatusCode == HttpStatusCode.OK)
                return await Json.ReadAsync<ReportDto>(response);
            Assert.True(DateTime.UtcNow < deadline, $"no report version {version} of case {caseId} after {_timeout}");
            await Task.Delay(250);
        }
    }
}
