using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;
using Crashdesk.TestSupport;

namespace Crashdesk.Api.Tests;

/// <summary>
/// The profile job and the analysis that uses its profile run in a separate Worker process (the
/// scale-out deployment), not in the Api: the Api only stores the upload and queues the job in the
/// shared Quartz store.
/// </summary>
public sealed class DebugKernelWorkerTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_worker_process_builds_the_profile_and_analyses_the_next_dump_with_it()
    {
        await using var api = await ApiFactory.CreateAsync();
        var (_, key) = await api.CreateTenantAsync();
        using var client = api.ClientWithKey(key);
        using var worker = WorkerProcess.Start("kernels", api.Database.ConnectionString, api.LocalRoot!, TimeSpan.Zero);
        var vmlinux = TestFixtures.Vmlinux("mini-6.1-lockdep");

        DebugKernelDto entry;
        await using (var file = File.OpenRead(vmlinux))
        {
            using var upload = await client.PutAsync("/api/v1/debug-kernels/vmlinux", new StreamContent(file));
            Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
            entry = await Json.ReadAsync<DebugKernelDto>(upload);
        }
        var deadline = DateTime.UtcNow + _timeout;
        while (entry.Status == "pending")
        {
            Assert.True(DateTime.UtcNow < deadline, $"still pending after {_timeout}; worker output:\n{worker.Output}");
            await Task.Delay(250);
            entry = (await client.GetFromJsonAsync<DebugKernelDto>($"/api/v1/debug-kernels/{entry.Id}", Json.Web))!;
        }
        Assert.True(entry.Status == "ready", $"{entry.Status}: {entry.Error}\nworker output:\n{worker.Output}");
        Assert.Equal(TestFixtures.ReadelfBuildId(vmlinux), entry.BuildId);

        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("mini", "ACME", null, null));
        var caseId = (await Json.ReadAsync<CaseDto>(created)).Id;
        await using (var dump = File.OpenRead(TestFixtures.DumpFile("mini-6.1-lockdep/sysrq-c/kdump-zstd")))
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/dump.zstd?kind=vmcore", new StreamContent(dump));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        ReportDto? report = null;
        while (report is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no report after {_timeout}; worker output:\n{worker.Output}");
            await Task.Delay(250);
            using var response = await client.GetAsync($"/api/v1/cases/{caseId}/report");
            if (response.StatusCode == HttpStatusCode.OK)
                report = await Json.ReadAsync<ReportDto>(response);
        }
        Assert.True(report.DebugKernel!.Used, report.DebugKernel.Note);
        Assert.Equal(entry.Id, report.DebugKernel.LibraryId);
        Assert.NotNull(report.Report.Tasks);
        Assert.Contains("Kernel profile", worker.Output);
    }
}
