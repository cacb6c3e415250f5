using System.Security.Cryptography;
using System.Text.Json;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Tests.Debuginfod;
using Crashdesk.Core.Analyses;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Tests.Jobs;

/// <summary>
/// Debug kernels fetched by build-id from debuginfod, through Core's real container and real jobs run
/// in-line: Debian's real `debuginfod` serving the mini fixture vmlinux, a port nothing listens on, and a
/// lying server that answers every build-id with another kernel's vmlinux.
/// </summary>
public sealed class DebuginfodFetchTests : IAsyncLifetime
{
    private const string Mini = "mini-6.1-lockdep";
    private const string MiniDump = "mini-6.1-lockdep/sysrq-c/kdump-zstd";
    private const string DebianDump = "debian-6.1-cloud/sysrq-c/kdump-zlib";
    private static readonly Uri Dead = new("http://127.0.0.1:1/"); // nothing listens on port 1
    private TestDatabase _db = null!;
    private CoreHost? _host;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_dump_whose_build_id_the_library_lacks_is_analysed_at_once_then_again_with_the_vmlinux_fetched_from_debuginfod()
    {
        string vmlinux = TestFixtures.Vmlinux(Mini);
        string buildId = TestFixtures.ReadelfBuildId(vmlinux);
        using var server = new DebuginfodServer(vmlinux);
        await server.WaitUntilServedAsync(buildId, TimeSpan.FromMinutes(3));
        // The dead server first: it is tried twice (with back-off), then the next one gives the kernel.
        Start(Dead, server.Url);
        var organizationId = await NewOrganizationAsync();
        var (caseId, jobId) = await AddCaseWithDumpAsync(organizationId, MiniDump);

        await RunAsync<AnalyzeArtifactWork>(jobId);

        // The first report is there before anything was fetched: kallsyms from the dump, and a note.
        var (first, firstUsage) = await LatestAsync(caseId);
        Assert.False(firstUsage.Used);
        Assert.StartsWith("kallsyms", first.SymbolOrigin);
        Assert.Contains($"no debug kernel of build-id {buildId} in the library: it is being fetched from debuginfod", firstUsage.Note);
        var fetch = await FetchAsync(organizationId, buildId);
        Assert.Equal(AnalysisJobStatus.Queued, fetch.Status);
        Assert.Equal(caseId, fetch.CaseId);

        await RunAsync<FetchDebugKernelWork>(fetch.Id);

        string url = new Uri(server.Url, $"buildid/{buildId}/debuginfo").ToString();
        await using (var context = _db.CreateContext())
        {
            fetch = await context.DebuginfodFetches.SingleAsync(f => f.Id == fetch.Id);
            Assert.True(fetch.Status == AnalysisJobStatus.Done, fetch.Error);
            Assert.Equal(url, fetch.SourceUrl);
            var entry = await context.DebugKernels.SingleAsync(d => d.OrganizationId == organizationId);
            Assert.Equal(fetch.DebugKernelId, entry.Id);
            Assert.Equal(url, entry.Origin);
            Assert.Equal(DebugKernelStatus.Pending, entry.Status);
            // The checksum is of what was received, and it is the fixture's bytes.
            Assert.Equal(new FileInfo(vmlinux).Length, entry.Size);
            await using (var file = File.OpenRead(vmlinux))
                Assert.Equal(Convert.ToHexStringLower(await SHA256.HashDataAsync(file)), entry.Sha256);
            Assert.Contains(await TimelineAsync(caseId), e => e.Kind == FetchDebugKernelWork.TimelineKind && e.NewValue!.StartsWith($"fetched the debug kernel of build-id {buildId} from {url}"));
        }

        // The upload's path from here: the profile build makes it ready and re-analyses the case.
        var kernelId = fetch.DebugKernelId!.Value;
        await RunAsync<BuildKernelProfileWork>(kernelId);
        Guid again;
        await using (var context = _db.CreateContext())
        {
            var queued = await context.AnalysisJobs.SingleAsync(j => j.CaseId == caseId && j.Status == AnalysisJobStatus.Queued);
            Assert.Contains("fetched from debuginfod", queued.Reason);
            again = queued.Id;
        }
        await RunAsync<AnalyzeArtifactWork>(again);

        var (second, secondUsage) = await LatestAsync(caseId);
        Assert.True(secondUsage.Used, secondUsage.Note);
        Assert.Equal(kernelId, secondUsage.LibraryId);
        Assert.Equal(url, secondUsage.Origin);
        Assert.Contains($"fetched from {url}", secondUsage.Description);
        Assert.Equal("kernel profile symbols", second.SymbolOrigin?.Split(" and ")[0]);
        // The mini kernel has no BTF: only the fetched debug kernel gives the task walk its types.
        Assert.Null(first.Tasks);
        Assert.NotNull(second.Tasks);
        Assert.Equal(2, await ReportCountAsync(caseId));
    }

    [Fact]
    public async Task An_unreachable_server_is_recorded_the_report_from_kallsyms_stands_and_it_is_not_asked_again_until_the_memory_ends()
    {
        Start(Dead);
        var organizationId = await NewOrganizationAsync();
        var (caseId, jobId) = await AddCaseWithDumpAsync(organizationId, MiniDump);
        string buildId = TestFixtures.ReadelfBuildId(TestFixtures.Vmlinux(Mini));

        await RunAsync<AnalyzeArtifactWork>(jobId);
        var fetch = await FetchAsync(organizationId, buildId);
        await RunAsync<FetchDebugKernelWork>(fetch.Id);

        fetch = await FetchAsync(organizationId, buildId);
        Assert.Equal(AnalysisJobStatus.Failed, fetch.Status);
        Assert.Contains($"no debuginfod server gave build-id {buildId}: {Dead} could not be reached after 2 attempt(s)", fetch.Error);
        Assert.True(fetch.RetryAfter > DateTimeOffset.UtcNow.AddHours(1), $"remembered until {fetch.RetryAfter}");
        Assert.Contains(await TimelineAsync(caseId), e => e.Kind == FetchDebugKernelWork.TimelineKind
            && e.NewValue!.StartsWith("could not fetch a debug kernel: no debuginfod server gave build-id") && e.NewValue.EndsWith("the report from kallsyms/BTF stands"));
        await AssertNoLibraryEntryAsync(organizationId);
        var (report, usage) = await LatestAsync(caseId);
        Assert.False(usage.Used);
        Assert.StartsWith("kallsyms", report.SymbolOrigin);

        // A re-analysis within the memory does not ask again; its report says why none was used.
        await RunAsync<AnalyzeArtifactWork>(await AddAnalysisAsync(caseId));
        var (_, reUsage) = await LatestAsync(caseId);
        Assert.Contains($"debuginfod could not provide build-id {buildId}", reUsage.Note);
        Assert.Contains("not asked again before", reUsage.Note);
        var remembered = await FetchAsync(organizationId, buildId);
        Assert.Equal(AnalysisJobStatus.Failed, remembered.Status);
        Assert.Equal(fetch.FinishedAt, remembered.FinishedAt);

        // Once the memory ended, the next analysis asks again.
        await using (var context = _db.CreateContext())
            await context.Database.ExecuteSqlInterpolatedAsync($"UPDATE debuginfod_fetches SET retry_after = now() - interval '1 second' WHERE id = {fetch.Id}");
        await RunAsync<AnalyzeArtifactWork>(await AddAnalysisAsync(caseId));
        Assert.Equal(AnalysisJobStatus.Queued, (await FetchAsync(organizationId, buildId)).Status);
    }

    [Fact]
    public async Task A_lying_server_that_sends_another_kernels_vmlinux_is_refused_and_the_analysis_stands_on_kallsyms_and_btf()
    {
        // Asked for the Debian kernel, it sends the mini one.
        string mini = TestFixtures.Vmlinux(Mini);
        using var liar = new LyingDebuginfodServer(mini);
        Start(liar.Url);
        var organizationId = await NewOrganizationAsync();
        var (caseId, jobId) = await AddCaseWithDumpAsync(organizationId, DebianDump);
        string debianId = TestFixtures.ReadelfBuildId(TestFixtures.Vmlinux("debian-6.1-cloud"));
        string miniId = TestFixtures.ReadelfBuildId(mini);

        await RunAsync<AnalyzeArtifactWork>(jobId);
        var fetch = await FetchAsync(organizationId, debianId);
        await RunAsync<FetchDebugKernelWork>(fetch.Id);

        fetch = await FetchAsync(organizationId, debianId);
        Assert.Equal(AnalysisJobStatus.Failed, fetch.Status);
        Assert.Contains($"refused what {liar.Url} sent", fetch.Error);
        Assert.Contains($"returned a file with build-id {miniId}, not {debianId}", fetch.Error);
        // Refused at once: a wrong file is not asked for again.
        Assert.Equal(1, liar.Requests);
        await AssertNoLibraryEntryAsync(organizationId);
        Assert.Contains(await TimelineAsync(caseId), e => e.Kind == FetchDebugKernelWork.TimelineKind && e.NewValue!.Contains(miniId));
        var (report, usage) = await LatestAsync(caseId);
        Assert.False(usage.Used);
        Assert.StartsWith("kallsyms in the dump", report.SymbolOrigin);
        Assert.NotNull(report.Tasks); // the Debian kernel's BTF
        Assert.Equal(1, await ReportCountAsync(caseId));
    }

    [Fact]
    public async Task A_vmlinux_over_the_size_limit_is_refused_without_retrying()
    {
        string vmlinux = TestFixtures.Vmlinux(Mini);
        using var liar = new LyingDebuginfodServer(vmlinux);
        Start([liar.Url], maxBytes: 1 << 20);
        var organizationId = await NewOrganizationAsync();
        var (_, jobId) = await AddCaseWithDumpAsync(organizationId, MiniDump);
        string buildId = TestFixtures.ReadelfBuildId(vmlinux);

        await RunAsync<AnalyzeArtifactWork>(jobId);
        await RunAsync<FetchDebugKernelWork>((await FetchAsync(organizationId, buildId)).Id);

        var fetch = await FetchAsync(organizationId, buildId);
        Assert.Equal(AnalysisJobStatus.Failed, fetch.Status);
        Assert.Contains($"announces {new FileInfo(vmlinux).Length} bytes, more than the limit {1 << 20}", fetch.Error);
        Assert.Equal(1, liar.Requests);
        await AssertNoLibraryEntryAsync(organizationId);
    }

    [Theory]
    [InlineData("ftp://debuginfod.example/")]
    [InlineData("debuginfod.example")]
    [InlineData("https://user:secret@debuginfod.example/")]
    public async Task A_server_that_is_not_an_http_url_without_credentials_is_refused_at_start(string server)
    {
        await using var host = CoreHost.Create(_db, new Dictionary<string, string?> { ["Debuginfod:Servers:0"] = server });
        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => host.Get<Microsoft.Extensions.Options.IOptions<Crashdesk.Core.Options.DebuginfodServiceOptions>>().Value);
        Assert.Contains("Debuginfod:Servers: each entry must be an absolute http or https URL without user information", e.Message);
    }

    private void Start(params Uri[] servers) => Start(servers, null);

    private void Start(Uri[] servers, long? maxBytes)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Debuginfod:Attempts"] = "2",
            ["Debuginfod:RetryDelay"] = "00:00:00.200",
            ["Debuginfod:ConnectTimeout"] = "00:00:05",
        };
        for (int i = 0; i < servers.Length; i++)
            settings[$"Debuginfod:Servers:{i}"] = servers[i].ToString();
        if (maxBytes is { } max)
            settings["Debuginfod:MaxBytes"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _host = CoreHost.Create(_db, settings);
    }

    private CoreHost Host => _host ?? throw new InvalidOperationException("Start the host first");

    private IBlobStore Store => Host.Get<IBlobStore>();

    private Task RunAsync<TWork>(Guid id) where TWork : class, IQueuedWork =>
        Host.Get<QueuedJob<TWork>>().RunAsync(TWork.Queue, id, CancellationToken.None);

    private async Task<DebuginfodFetch> FetchAsync(Guid organizationId, string buildId)
    {
        await using var context = _db.CreateContext();
        return await context.DebuginfodFetches.SingleAsync(f => f.OrganizationId == organizationId && f.BuildId == buildId);
    }

    private async Task AssertNoLibraryEntryAsync(Guid organizationId)
    {
        await using var context = _db.CreateContext();
        Assert.False(await context.DebugKernels.AnyAsync(d => d.OrganizationId == organizationId));
    }

    private async Task<List<CaseEvent>> TimelineAsync(Guid caseId)
    {
        await using var context = _db.CreateContext();
        return await context.CaseEvents.Where(e => e.CaseId == caseId).OrderBy(e => e.At).ToListAsync();
    }

    private async Task<int> ReportCountAsync(Guid caseId)
    {
        await using var context = _db.CreateContext();
        return await context.Reports.CountAsync(r => r.CaseId == caseId);
    }

    private async Task<Guid> NewOrganizationAsync()
    {
        await using var context = _db.CreateContext();
        var organization = new Organization { Name = $"org-{Guid.NewGuid():N}" };
        context.Add(organization);
        await context.SaveChangesAsync();
        return organization.Id;
    }

    private Task<(Guid CaseId, Guid JobId)> AddCaseWithDumpAsync(Guid organizationId, string fixture) =>
        CaseWithDump.AddAsync(_db, Store, organizationId, fixture);

    /// <summary>Another analysis of the case's dump, as a person's "analyse again" queues it.</summary>
    private async Task<Guid> AddAnalysisAsync(Guid caseId)
    {
        await using var context = _db.CreateContext();
        var artifactId = await context.Artifacts.Where(a => a.CaseId == caseId).Select(a => a.Id).SingleAsync();
        var job = new AnalysisJob { CaseId = caseId, ArtifactId = artifactId, Reason = "requested" };
        context.Add(job);
        await context.SaveChangesAsync();
        return job.Id;
    }

    private async Task<(AnalysisReport Report, DebugKernelUsage DebugKernel)> LatestAsync(Guid caseId)
    {
        await using var context = _db.CreateContext();
        var row = await context.Reports.Where(r => r.CaseId == caseId).OrderByDescending(r => r.Version).FirstAsync();
        return (JsonSerializer.Deserialize<AnalysisReport>(row.Content, ReportJson.Options)!,
            JsonSerializer.Deserialize<DebugKernelUsage>(row.DebugKernel!, ReportJson.Options)!);
    }
}
