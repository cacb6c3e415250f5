using System.Text.Json;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Analyses;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;
using Crashdesk.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Core.Tests.Jobs;

/// <summary>
/// The debug-kernel library on a real database and real stores, jobs run in-line on Core's real
/// container: the profile job on the fixture debug kernels, and analyses that use (or refuse) them.
/// </summary>
public sealed class DebugKernelLibraryTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output = output;
    private const string Mini = "mini-6.1-lockdep";
    private const string MiniDump = "mini-6.1-lockdep/sysrq-c/kdump-zstd";
    private const string DebianDump = "debian-6.1-cloud/sysrq-c/kdump-zlib";
    private TestDatabase _db = null!;
    private IBlobStore _store = null!;
    private string? _localRoot;
    private CoreHost? _host;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _localRoot = TestStores.TempDirectory();
        _store = new LocalBlobStore(_localRoot);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
        await _db.DisposeAsync();
        if (_localRoot is not null)
            Directory.Delete(_localRoot, recursive: true);
    }

    /// <summary>Built on first use, with whichever store the test chose (the local one or S3).</summary>
    private CoreHost Host => _host ??= CoreHost.Create(_db, new Dictionary<string, string?> { ["DebugKernels:ReanalyseOnReady"] = "false" }, _ => _store);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_mini_vmlinux_becomes_ready_with_readelfs_build_id_and_a_loadable_profile(bool s3)
    {
        if (s3)
            _store = TestStores.S3();
        var vmlinux = TestFixtures.Vmlinux(Mini);
        var organizationId = await NewOrganizationAsync();
        var id = await AddLibraryKernelAsync(organizationId, File.OpenRead(vmlinux), "vmlinux-6.1.192-corpus-mini");

        await Processor().RunAsync(id, CancellationToken.None);

        await using var context = _db.CreateContext();
        var entry = await context.DebugKernels.SingleAsync(d => d.Id == id);
        Assert.True(entry.Status == DebugKernelStatus.Ready, $"status {entry.Status}: {entry.Error}");
        Assert.Equal(TestFixtures.ReadelfBuildId(vmlinux), entry.BuildId);
        Assert.Equal(ReleaseFromCrash(MiniDump), entry.Release);
        Assert.StartsWith("Linux version " + entry.Release, entry.Banner);
        Assert.NotNull(entry.ProfileKey);
        Assert.Contains(entry.BuildId!, entry.ProfileKey);
        Assert.True(await _store.ExistsAsync(entry.ProfileKey!));
        // A profile is the compact form: a small fraction of the vmlinux.
        Assert.InRange(entry.ProfileSize ?? 0, 1, new FileInfo(vmlinux).Length / 10);
        Assert.Null(entry.Error);
        byte[] stored;
        await using (var read = await _store.OpenReadAsync(entry.ProfileKey!))
        {
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            stored = copy.ToArray();
        }
        var profile = KernelProfileSerializer.Read(stored, entry.ProfileKey!);
        Assert.Equal(entry.BuildId, profile.Identity.BuildId);
        Assert.True(profile.Types.TryFindType("struct task_struct", out _));
        Assert.True(profile.Symbols.TryGetAddress("init_task", out _));
        if (s3)
        {
            await _store.DeleteAsync(entry.ProfileKey!);
            await _store.DeleteAsync(entry.StorageKey);
        }
    }

    [Fact]
    public async Task A_mini_dump_is_analysed_with_its_organisations_kernel_and_its_tasks_match_drgn_while_another_organisation_gets_none()
    {
        var organizationId = await NewOrganizationAsync();
        var kernelId = await AddLibraryKernelAsync(organizationId, File.OpenRead(TestFixtures.Vmlinux(Mini)), "vmlinux");
        await Processor().RunAsync(kernelId, CancellationToken.None);
        var (caseId, jobId) = await AddCaseWithDumpAsync(organizationId, MiniDump);
        var otherOrganization = await NewOrganizationAsync();
        var (otherCase, otherJob) = await AddCaseWithDumpAsync(otherOrganization, MiniDump);

        await Runner().RunAsync(jobId, "n", CancellationToken.None);
        await Runner().RunAsync(otherJob, "n", CancellationToken.None);

        var report = await LatestReportAsync(caseId);
        var used = await LatestUsageAsync(caseId);
        Assert.True(used.Used, used.Note);
        Assert.Equal(kernelId, used.LibraryId);
        Assert.Equal(TestFixtures.ReadelfBuildId(TestFixtures.Vmlinux(Mini)), used.BuildId);
        Assert.Equal("vmlinux", used.FileName);
        Assert.Contains(used.BuildId!, used.Description);
        Assert.Empty(used.Mismatches);
        Assert.Equal("kernel profile symbols", report.SymbolOrigin?.Split(" and ")[0]);
        // The mini kernel has no BTF: only the debug kernel gives the task walk its types.
        var drgn = DrgnPids(MiniDump);
        Assert.NotNull(report.Tasks);
        Assert.Equal(drgn.Count + CpuCount(MiniDump), report.Tasks!.Count);
        Assert.Equal(drgn, report.Tasks.Where(t => t.Pid > 0).Select(t => t.Pid).Order().ToList());
        Assert.NotNull(report.ActiveBacktraces);
        Assert.DoesNotContain(report.Failures, f => f.Extractor is "tasks" or "debug-kernel");

        var other = await LatestReportAsync(otherCase);
        var otherUsage = await LatestUsageAsync(otherCase);
        Assert.False(otherUsage.Used);
        Assert.Equal(DebugKernelUsage.NoneDescription, otherUsage.Description);
        Assert.Null(other.Tasks);
        Assert.Contains(other.Skipped, s => s.Extractor == "tasks");
    }

    [Fact]
    public async Task The_profile_is_loaded_once_per_worker_and_shared_by_later_dumps_of_its_build()
    {
        var organizationId = await NewOrganizationAsync();
        var kernelId = await AddLibraryKernelAsync(organizationId, File.OpenRead(TestFixtures.Vmlinux(Mini)), "vmlinux");
        await Processor().RunAsync(kernelId, CancellationToken.None);
        var (caseId, _) = await AddCaseWithDumpAsync(organizationId, MiniDump);

        var timings = new List<double>();
        var loaded = new List<Analysis.Profiles.IKernelDebugInfo?>();
        for (int i = 0; i < 3; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (info, usage) = await ResolveAsync(organizationId, caseId);
            timings.Add(clock.Elapsed.TotalMilliseconds);
            Assert.True(usage.Used);
            loaded.Add(info);
        }

        Assert.NotNull(loaded[0]);
        Assert.Same(loaded[0], loaded[1]);
        Assert.Same(loaded[0], loaded[2]);
        _output.WriteLine($"resolve with the profile: first {timings[0]:F1} ms (store read + parse), then {timings[1]:F1} ms, {timings[2]:F1} ms");
    }

    [Fact]
    public async Task A_profile_of_an_older_format_is_not_used_but_rebuilt_and_the_old_object_removed()
    {
        var organizationId = await NewOrganizationAsync();
        var kernelId = await AddLibraryKernelAsync(organizationId, File.OpenRead(TestFixtures.Vmlinux(Mini)), "vmlinux");
        await Processor().RunAsync(kernelId, CancellationToken.None);
        var (caseId, _) = await AddCaseWithDumpAsync(organizationId, MiniDump);
        string current, outdated;
        await using (var context = _db.CreateContext())
        {
            // As an older Crashdesk would have named it (format version 1): another key, other bytes.
            var entry = await context.DebugKernels.SingleAsync(d => d.Id == kernelId);
            current = entry.ProfileKey!;
            outdated = current.Replace($"-v{KernelProfileSerializer.Version}-", "-v1-", StringComparison.Ordinal);
            Assert.NotEqual(current, outdated);
            await _store.WriteAsync(outdated, new MemoryStream("CDKPROF\0 of an older format"u8.ToArray()), long.MaxValue);
            await _store.DeleteAsync(current);
            entry.ProfileKey = outdated;
            await context.SaveChangesAsync();
        }

        var (_, before) = await ResolveAsync(organizationId, caseId);
        await using (var context = _db.CreateContext())
            Assert.Equal(DebugKernelStatus.Pending, (await context.DebugKernels.SingleAsync(d => d.Id == kernelId)).Status);
        await Processor().RunAsync(kernelId, CancellationToken.None);
        var (_, after) = await ResolveAsync(organizationId, caseId);

        Assert.False(before.Used);
        Assert.Contains("older version", before.Note);
        Assert.True(after.Used, after.Note);
        await using (var context = _db.CreateContext())
        {
            var entry = await context.DebugKernels.SingleAsync(d => d.Id == kernelId);
            Assert.Equal(DebugKernelStatus.Ready, entry.Status);
            Assert.Equal(current, entry.ProfileKey);
        }
        Assert.True(await _store.ExistsAsync(current));
        Assert.False(await _store.ExistsAsync(outdated));
    }

    /// <summary>The resolver of a fresh scope (as each job gets), on the mini dump's identity; the profile loader is the host's singleton.</summary>
    private async Task<(IKernelDebugInfo? Info, DebugKernelUsage Usage)> ResolveAsync(Guid organizationId, Guid caseId)
    {
        using var source = new Analysis.IO.FileByteSource(TestFixtures.DumpFile(MiniDump));
        var dump = Analysis.Matching.DumpIdentity.FromVmcoreInfo(Analysis.Kernel.KernelTarget.Open(source).VmcoreInfo);
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DebugKernelResolver>().ResolveAsync(organizationId, caseId, dump, CancellationToken.None);
    }

    [Fact]
    public async Task A_second_upload_of_the_same_build_is_a_duplicate_of_the_first()
    {
        var organizationId = await NewOrganizationAsync();
        var first = await AddLibraryKernelAsync(organizationId, File.OpenRead(TestFixtures.Vmlinux(Mini)), "first");
        var second = await AddLibraryKernelAsync(organizationId, File.OpenRead(TestFixtures.Vmlinux(Mini)), "second");

        await Processor().RunAsync(first, CancellationToken.None);
        await Processor().RunAsync(second, CancellationToken.None);
        await Processor().RunAsync(second, CancellationToken.None);

        await using var context = _db.CreateContext();
        var rows = await context.DebugKernels.OrderBy(d => d.CreatedAt).ToListAsync();
        Assert.Equal([DebugKernelStatus.Ready, DebugKernelStatus.Duplicate], rows.Select(r => r.Status));
        Assert.Equal(rows[0].BuildId, rows[1].BuildId);
        Assert.Contains(first.ToString(), rows[1].Error);
    }

    [Fact]
    public async Task The_mini_kernel_on_a_debian_dumps_case_is_reported_as_a_mismatch_and_the_dump_analysed_without_it()
    {
        var organizationId = await NewOrganizationAsync();
        var (caseId, jobId) = await AddCaseWithDumpAsync(organizationId, DebianDump);
        var kernelId = await AddCaseKernelAsync(caseId, TestFixtures.Vmlinux(Mini));
        await Processor().RunAsync(kernelId, CancellationToken.None);

        await Runner().RunAsync(jobId, "n", CancellationToken.None);

        await using var context = _db.CreateContext();
        Assert.Equal(AnalysisJobStatus.Done, (await context.AnalysisJobs.SingleAsync(j => j.Id == jobId)).Status);
        var report = await LatestReportAsync(caseId);
        var usage = await LatestUsageAsync(caseId);
        Assert.False(usage.Used);
        Assert.Equal(DebugKernelUsage.NoneDescription, usage.Description);
        var mismatch = Assert.Single(usage.Mismatches);
        string miniId = TestFixtures.ReadelfBuildId(TestFixtures.Vmlinux(Mini));
        string debianId = TestFixtures.ReadelfBuildId(TestFixtures.Vmlinux("debian-6.1-cloud"));
        Assert.Equal(kernelId, mismatch.LibraryId);
        Assert.StartsWith($"debug kernel build-id {miniId}, dump expects {debianId}", mismatch.Message);
        // Still a full analysis from the dump: kallsyms and the Debian kernel's BTF give the tasks.
        Assert.Equal(debianId, report.Dump!.BuildId);
        Assert.Equal(DrgnPids(DebianDump), report.Tasks!.Where(t => t.Pid > 0).Select(t => t.Pid).Order().ToList());
        Assert.StartsWith("kallsyms in the dump", report.SymbolOrigin);
    }

    [Theory]
    [InlineData("text", "too short for an ELF64 header")]
    [InlineData("kdump", "not an ELF file")]
    [InlineData("elf-dump", "not a vmlinux")]
    [InlineData("stripped", "has no .debug_info")]
    public async Task An_upload_that_is_not_a_debug_kernel_fails_with_the_reason_and_keeps_its_object(string what, string reason)
    {
        var organizationId = await NewOrganizationAsync();
        string? temp = null;
        Stream content;
        switch (what)
        {
            case "text":
                content = new MemoryStream("this is a README, not a kernel\n"u8.ToArray());
                break;
            case "kdump":
                content = File.OpenRead(TestFixtures.DumpFile(MiniDump));
                break;
            case "elf-dump":
                content = File.OpenRead(TestFixtures.DumpFile("mini-6.1-lockdep/warn/kdump-elf31"));
                break;
            default:
                // The same kernel without DWARF (what a distribution ships outside its -dbg package).
                temp = Path.Combine(TestStores.TempDirectory(), "vmlinux-stripped");
                ReferenceTools.Run("objcopy", "--strip-debug", TestFixtures.Vmlinux(Mini), temp);
                content = File.OpenRead(temp);
                break;
        }
        var id = await AddLibraryKernelAsync(organizationId, content, "upload.bin");
        try
        {
            await Processor().RunAsync(id, CancellationToken.None);
        }
        finally
        {
            if (temp is not null)
                Directory.Delete(Path.GetDirectoryName(temp)!, recursive: true);
        }

        await using var context = _db.CreateContext();
        var entry = await context.DebugKernels.SingleAsync(d => d.Id == id);
        Assert.Equal(DebugKernelStatus.Failed, entry.Status);
        Assert.Contains(reason, entry.Error);
        Assert.Contains("upload.bin", entry.Error);
        Assert.DoesNotContain(Path.GetTempPath(), entry.Error);
        Assert.Null(entry.ProfileKey);
        Assert.True(await _store.ExistsAsync(entry.StorageKey));
    }

    private Runs Processor() => new(id => Host.Get<QueuedJob<BuildKernelProfileWork>>().RunAsync(JobQueues.DebugKernels, id, CancellationToken.None));

    private Runs Runner() => new(id => Host.Get<QueuedJob<AnalyzeArtifactWork>>().RunAsync(JobQueues.Analysis, id, CancellationToken.None));

    /// <summary>Runs one queued job in-line.</summary>
    private sealed class Runs(Func<Guid, Task> run)
    {
        public Task RunAsync(Guid id, CancellationToken cancellationToken) => run(id);

        public Task RunAsync(Guid id, string worker, CancellationToken cancellationToken) => run(id);
    }

    private async Task<Guid> NewOrganizationAsync()
    {
        await using var context = _db.CreateContext();
        var organization = new Organization { Name = $"org-{Guid.NewGuid():N}" };
        context.Add(organization);
        await context.SaveChangesAsync();
        return organization.Id;
    }

    private async Task<Guid> AddLibraryKernelAsync(Guid organizationId, Stream content, string fileName)
    {
        var entry = new DebugKernelEntry { OrganizationId = organizationId, FileName = fileName, StorageKey = "", Sha256 = "" };
        entry.StorageKey = BlobKeys.ForDebugKernel(organizationId, entry.Id);
        await using (content)
        {
            var written = await _store.WriteAsync(entry.StorageKey, content, long.MaxValue);
            entry.Size = written.Size;
            entry.Sha256 = written.Sha256;
        }
        await using var context = _db.CreateContext();
        context.Add(entry);
        await context.SaveChangesAsync();
        return entry.Id;
    }

    /// <summary>A debug-kernel artifact of the case and its library row, as the upload endpoint creates them.</summary>
    private async Task<Guid> AddCaseKernelAsync(Guid caseId, string path)
    {
        await using var context = _db.CreateContext();
        var owner = await context.Cases.SingleAsync(c => c.Id == caseId);
        var artifactId = Guid.CreateVersion7();
        var key = BlobKeys.ForArtifact(caseId, artifactId);
        BlobWriteResult written;
        await using (var file = File.OpenRead(path))
            written = await _store.WriteAsync(key, file, long.MaxValue);
        var entry = new DebugKernelEntry
        {
            OrganizationId = owner.OrganizationId, ArtifactId = artifactId, FileName = Path.GetFileName(path),
            StorageKey = key, Size = written.Size, Sha256 = written.Sha256,
        };
        context.AddRange(
            new Artifact { Id = artifactId, CaseId = caseId, FileName = entry.FileName, Kind = ArtifactKind.DebugKernel, StorageKey = key, Size = written.Size, Sha256 = written.Sha256 },
            entry);
        await context.SaveChangesAsync();
        return entry.Id;
    }

    private Task<(Guid CaseId, Guid JobId)> AddCaseWithDumpAsync(Guid organizationId, string fixture) =>
        CaseWithDump.AddAsync(_db, _store, organizationId, fixture);

    private async Task<AnalysisReport> LatestReportAsync(Guid caseId) => (await LatestAsync(caseId)).Report;

    private async Task<DebugKernelUsage> LatestUsageAsync(Guid caseId) => (await LatestAsync(caseId)).DebugKernel!;

    private async Task<(AnalysisReport Report, DebugKernelUsage? DebugKernel)> LatestAsync(Guid caseId)
    {
        await using var context = _db.CreateContext();
        var row = await context.Reports.Where(r => r.CaseId == caseId).OrderByDescending(r => r.Version).FirstAsync();
        return (JsonSerializer.Deserialize<AnalysisReport>(row.Content, ReportJson.Options)!,
            row.DebugKernel is null ? null : JsonSerializer.Deserialize<DebugKernelUsage>(row.DebugKernel, ReportJson.Options));
    }

    /// <summary>PIDs of drgn's task list (no idle tasks there; acceptance-notes.md "Tasks and sys").</summary>
    private static List<int> DrgnPids(string fixture)
    {
        using var drgn = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestFixtures.Folder(fixture), "drgn.json")));
        return [.. drgn.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("pid").GetInt32()).Order()];
    }

    private static int CpuCount(string fixture)
    {
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestFixtures.Folder(fixture), "meta.json")));
        return int.Parse(meta.RootElement.GetProperty("cpus").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>RELEASE from crash's `sys` output for the dump.</summary>
    private static string ReleaseFromCrash(string fixture)
    {
        var line = File.ReadAllLines(Path.Combine(TestFixtures.Folder(fixture), "crash", "sys.txt"))
            .First(l => l.TrimStart().StartsWith("RELEASE:", StringComparison.Ordinal));
        return line.Split(':', 2)[1].Trim();
    }
}
