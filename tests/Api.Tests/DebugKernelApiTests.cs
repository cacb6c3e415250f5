using Crashdesk.Core.Analyses;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crashdesk.Analysis.Reports;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>
/// Debug kernels in the service, through the API with the in-process worker (real Quartz, PostgreSQL, store):
/// the debug-kernel library, analyses that use it, re-analysis when it becomes ready, and a
/// mismatched debug kernel on a case. Expected values come from readelf, drgn.json and meta.json.
/// </summary>
public sealed class DebugKernelApiTests
{
    private const string Mini = "mini-6.1-lockdep";
    private const string MiniDump = "mini-6.1-lockdep/sysrq-c/kdump-zstd";
    private const string DebianDump = "debian-6.1-cloud/sysrq-c/kdump-zlib";
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_library_kernel_reanalyses_the_waiting_case_and_is_used_for_the_next_dump_of_its_build_only_in_its_organisation()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        var (_, otherKey) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        using var other = factory.ClientWithKey(otherKey);
        var vmlinux = TestFixtures.Vmlinux(Mini);
        var drgnPids = DrgnPids(MiniDump);

        // A dump first: no debug kernel yet, and the mini kernel has no BTF, so no tasks.
        var first = await CreateCaseAsync(client, "before the kernel");
        await UploadDumpAsync(client, first, MiniDump);
        var v1 = await WaitForReportAsync(client, first, version: 1);
        Assert.False(v1.DebugKernel!.Used);
        Assert.Equal(DebugKernelUsage.NoneDescription, v1.DebugKernel.Description);
        Assert.Null(v1.Report.Tasks);

        DebugKernelDto pending;
        await using (var file = File.OpenRead(vmlinux))
        {
            using var upload = await client.PutAsync("/api/v1/debug-kernels/vmlinux-6.1.192", new StreamContent(file));
            Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
            pending = await Json.ReadAsync<DebugKernelDto>(upload);
        }
        Assert.Equal("pending", pending.Status);
        Assert.Equal(new FileInfo(vmlinux).Length, pending.Size);
        var ready = await WaitForKernelAsync(client, pending.Id);
        Assert.True(ready.Status == "ready", $"debug kernel ended {ready.Status}: {ready.Error}");
        Assert.Equal(TestFixtures.ReadelfBuildId(vmlinux), ready.BuildId);
        Assert.Null(ready.CaseId);

        // Re-analysis on ready: version 2 of the waiting case, now with the kernel and drgn's tasks.
        var v2 = await WaitForReportAsync(client, first, version: 2);
        Assert.True(v2.DebugKernel!.Used, v2.DebugKernel.Note);
        Assert.Equal(ready.Id, v2.DebugKernel.LibraryId);
        Assert.Equal("vmlinux-6.1.192", v2.DebugKernel.FileName);
        Assert.Equal(drgnPids, v2.Report.Tasks!.Where(t => t.Pid > 0).Select(t => t.Pid).Order().ToList());

        // A later dump of the same build in the organisation uses it from its first analysis.
        var second = await CreateCaseAsync(client, "after the kernel");
        await UploadDumpAsync(client, second, MiniDump);
        var next = await WaitForReportAsync(client, second, version: 1);
        Assert.True(next.DebugKernel!.Used);
        Assert.Equal(ready.BuildId, next.DebugKernel.BuildId);
        Assert.Equal(drgnPids.Count, next.Report.Tasks!.Count(t => t.Pid > 0));

        // Another organisation neither sees it nor gets it.
        var list = await client.GetAllAsync<DebugKernelDto>("/api/v1/debug-kernels");
        Assert.Equal([ready.Id], list!.Select(k => k.Id));
        Assert.Empty((await other.GetAllAsync<DebugKernelDto>("/api/v1/debug-kernels"))!);
        using (var hidden = await other.GetAsync($"/api/v1/debug-kernels/{ready.Id}"))
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        var foreign = await CreateCaseAsync(other, "other organisation");
        await UploadDumpAsync(other, foreign, MiniDump);
        var theirs = await WaitForReportAsync(other, foreign, version: 1);
        Assert.False(theirs.DebugKernel!.Used);
        Assert.Null(theirs.Report.Tasks);
    }

    [Fact]
    public async Task The_other_fixture_kernel_uploaded_to_a_debian_case_is_marked_as_a_mismatch_and_the_dump_still_analysed()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CreateCaseAsync(client, "debian with the wrong vmlinux");
        await UploadDumpAsync(client, caseId, DebianDump);
        await WaitForReportAsync(client, caseId, version: 1);

        await using (var file = File.OpenRead(TestFixtures.Vmlinux(Mini)))
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/vmlinux-mini?kind=debug-kernel", new StreamContent(file));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
            Assert.Null((await Json.ReadAsync<UploadResponse>(upload)).Analysis);
        }
        var entry = Assert.Single((await client.GetAllAsync<DebugKernelDto>("/api/v1/debug-kernels"))!);
        Assert.Equal(caseId, entry.CaseId);
        var ready = await WaitForKernelAsync(client, entry.Id);
        Assert.Equal("ready", ready.Status);

        // The case is re-analysed because its own debug kernel became ready: the mismatch is recorded.
        var v2 = await WaitForReportAsync(client, caseId, version: 2);
        var usage = v2.DebugKernel!;
        Assert.False(usage.Used);
        var mismatch = Assert.Single(usage.Mismatches);
        string debianId = TestFixtures.ReadelfBuildId(TestFixtures.Vmlinux("debian-6.1-cloud"));
        Assert.StartsWith($"debug kernel build-id {ready.BuildId}, dump expects {debianId}", mismatch.Message);
        Assert.Equal("vmlinux-mini", mismatch.FileName);
        Assert.Equal(DrgnPids(DebianDump), v2.Report.Tasks!.Where(t => t.Pid > 0).Select(t => t.Pid).Order().ToList());
        var details = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web);
        Assert.All(details!.Analyses, a => Assert.Equal("done", a.Status));
    }

    [Fact]
    public async Task A_wrong_kernel_already_in_the_library_uploaded_to_a_case_is_a_duplicate_and_still_shown_as_a_mismatch()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        await using (var file = File.OpenRead(TestFixtures.Vmlinux(Mini)))
        {
            using var library = await client.PutAsync("/api/v1/debug-kernels/vmlinux-mini", new StreamContent(file));
            Assert.Equal(HttpStatusCode.Accepted, library.StatusCode);
        }
        var first = Assert.Single((await client.GetAllAsync<DebugKernelDto>("/api/v1/debug-kernels"))!);
        var firstReady = await WaitForKernelAsync(client, first.Id);
        Assert.Equal("ready", firstReady.Status);
        var caseId = await CreateCaseAsync(client, "debian, then the mini vmlinux again");
        await UploadDumpAsync(client, caseId, DebianDump);
        await WaitForReportAsync(client, caseId, version: 1);

        await using (var file = File.OpenRead(TestFixtures.Vmlinux(Mini)))
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/vmlinux-mini-again?kind=debug-kernel", new StreamContent(file));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        var second = (await client.GetAllAsync<DebugKernelDto>("/api/v1/debug-kernels"))!.Single(d => d.CaseId == caseId);
        Assert.Equal("duplicate", (await WaitForKernelAsync(client, second.Id)).Status);

        // The duplicate is still this case's debug kernel, of another build: v2 says so, and the dump was analysed without it.
        var v2 = await WaitForReportAsync(client, caseId, version: 2);
        Assert.False(v2.DebugKernel!.Used);
        var mismatch = Assert.Single(v2.DebugKernel.Mismatches);
        Assert.Equal("vmlinux-mini-again", mismatch.FileName);
        Assert.StartsWith($"debug kernel build-id {firstReady.BuildId}, dump expects", mismatch.Message);
    }

    [Fact]
    public async Task A_library_upload_over_its_own_limit_gets_413_and_leaves_nothing()
    {
        await using var factory = await ApiFactory.CreateAsync(
            extraSettings: new Dictionary<string, string?> { ["DebugKernels:MaxBytes"] = "4096" });
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);

        using var announced = await client.PutAsync("/api/v1/debug-kernels/vmlinux", new ByteArrayContent(new byte[5000]));
        using var streamed = await client.PutAsync("/api/v1/debug-kernels/vmlinux", new StreamContent(new UnsizedStream(5000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, announced.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Empty((await client.GetAllAsync<DebugKernelDto>("/api/v1/debug-kernels"))!);
        Assert.Empty(Directory.EnumerateFiles(factory.LocalRoot!, "*", SearchOption.AllDirectories));
    }

    private static async Task<Guid> CreateCaseAsync(HttpClient client, string title)
    {
        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(title, "ACME", null, null));
        return (await Json.ReadAsync<CaseDto>(created)).Id;
    }

    private static async Task UploadDumpAsync(HttpClient client, Guid caseId, string fixture)
    {
        await using var dump = File.OpenRead(TestFixtures.DumpFile(fixture));
        using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/{Path.GetFileName(TestFixtures.DumpFile(fixture))}?kind=vmcore", new StreamContent(dump));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }

    private static async Task<ReportDto> WaitForReportAsync(HttpClient client, Guid caseId, int version)
    {
        var deadline = DateTime.UtcNow + _timeout;
        while (true)
        {
            using var response = await client.GetAsync($"/api/v1/cases/{caseId}/report");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var report = await Json.ReadAsync<ReportDto>(response);
                if (report.Version >= version)
                {
                    Assert.Equal(version, report.Version);
                    return report;
                }
            }
            var details = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web);
            Assert.DoesNotContain(details!.Analyses, a => a.Status == "failed");
            Assert.True(DateTime.UtcNow < deadline, $"no report version {version} of case {caseId} after {_timeout}");
            await Task.Delay(250);
        }
    }

    private static async Task<DebugKernelDto> WaitForKernelAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow + _timeout;
        while (true)
        {
            var entry = await client.GetFromJsonAsync<DebugKernelDto>($"/api/v1/debug-kernels/{id}", Json.Web);
            if (entry!.Status != "pending")
                return entry;
            Assert.True(DateTime.UtcNow < deadline, $"debug kernel {id} still pending after {_timeout}");
            await Task.Delay(250);
        }
    }

    private static List<int> DrgnPids(string fixture)
    {
        using var drgn = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestFixtures.Folder(fixture), "drgn.json")));
        return [.. drgn.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("pid").GetInt32()).Order()];
    }
}
