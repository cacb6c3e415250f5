using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Options;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crashdesk.Core.Tests.Jobs;

/// <summary>The analysis job's state machine on a real database and store, without Quartz.</summary>
public sealed class AnalysisRunnerTests : IAsyncLifetime
{
    private const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";
    private TestDatabase _db = null!;
    private LocalBlobStore _store = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _store = new LocalBlobStore(TestStores.TempDirectory());
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<CrashdeskDbContext>(o => o.UseNpgsql(_db.ConnectionString));
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
        Directory.Delete(_store.Root, recursive: true);
    }

    [Fact]
    public async Task A_dump_is_analysed_into_report_version_1_and_a_rerun_changes_nothing()
    {
        var (caseId, jobId) = await SeedAsync(File.OpenRead(TestFixtures.DumpFile(Fixture)));

        await Runner().RunAsync(jobId, "node-a", CancellationToken.None);
        await Runner().RunAsync(jobId, "node-b", CancellationToken.None);

        await using var context = _db.CreateContext();
        var job = await context.AnalysisJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(AnalysisJobStatus.Done, job.Status);
        Assert.Equal(1, job.Attempts);
        Assert.Equal("node-a", job.WorkerName);
        Assert.Equal(100, job.Progress);
        Assert.NotNull(job.FinishedAt);
        var report = await context.Reports.SingleAsync(r => r.CaseId == caseId);
        Assert.Equal(1, report.Version);
        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", report.PanicLine);
        Assert.Contains("sysrq triggered crash", report.Content);
    }

    [Fact]
    public async Task A_second_analysis_of_the_case_becomes_version_2()
    {
        var (caseId, first) = await SeedAsync(File.OpenRead(TestFixtures.DumpFile(Fixture)));
        var second = await AddJobAsync(caseId, File.OpenRead(TestFixtures.DumpFile(Fixture)));

        await Runner().RunAsync(first, "n", CancellationToken.None);
        await Runner().RunAsync(second, "n", CancellationToken.None);

        await using var context = _db.CreateContext();
        var versions = await context.Reports.Where(r => r.CaseId == caseId).OrderBy(r => r.Version)
            .Select(r => new { r.Version, r.AnalysisJobId }).ToListAsync();
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal([first, second], versions.Select(v => v.AnalysisJobId));
    }

    [Fact]
    public async Task An_unreadable_dump_fails_the_job_with_the_engines_message()
    {
        var (caseId, jobId) = await SeedAsync(new MemoryStream("this is not a crash dump, just text\n"u8.ToArray()));

        await Runner().RunAsync(jobId, "n", CancellationToken.None);

        await using var context = _db.CreateContext();
        var job = await context.AnalysisJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(AnalysisJobStatus.Failed, job.Status);
        Assert.Equal(1, job.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(job.Error));
        Assert.Matches("Exception: .+", job.Error);
        Assert.False(await context.Reports.AnyAsync(r => r.CaseId == caseId));
    }

    [Fact]
    public async Task A_missing_object_fails_the_job_naming_the_key()
    {
        var (_, jobId) = await SeedAsync(new MemoryStream([1, 2, 3]));
        await using (var context = _db.CreateContext())
        {
            var artifact = await context.Artifacts.SingleAsync();
            await _store.DeleteAsync(artifact.StorageKey);
        }

        await Runner().RunAsync(jobId, "n", CancellationToken.None);

        await using var check = _db.CreateContext();
        var job = await check.AnalysisJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(AnalysisJobStatus.Failed, job.Status);
        Assert.Contains("BlobNotFoundException", job.Error);
    }

    [Fact]
    public async Task An_unknown_job_id_is_a_no_op()
    {
        await Runner().RunAsync(Guid.NewGuid(), "n", CancellationToken.None);
        await using var context = _db.CreateContext();
        Assert.False(await context.AnalysisJobs.AnyAsync());
    }

    [Fact]
    public async Task Cancellation_hands_the_job_back_as_queued()
    {
        var (_, jobId) = await SeedAsync(new MemoryStream([1, 2, 3]));
        using var cancel = new CancellationTokenSource();
        var run = Runner(hold: TimeSpan.FromSeconds(30)).RunAsync(jobId, "n", cancel.Token);

        // Cancel once the job is claimed (a fixed timer raced the claim on a loaded machine).
        for (int i = 0; i < 300 && !run.IsCompleted; i++)
        {
            await using (var poll = _db.CreateContext())
            {
                if (await poll.AnalysisJobs.AnyAsync(j => j.Id == jobId && j.Status == AnalysisJobStatus.Running))
                    break;
            }
            await Task.Delay(100);
        }
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        await using var context = _db.CreateContext();
        var job = await context.AnalysisJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(AnalysisJobStatus.Queued, job.Status);
        Assert.Equal(1, job.Attempts);
    }

    private AnalysisRunner Runner(TimeSpan? hold = null) => new(
        _services.GetRequiredService<IServiceScopeFactory>(),
        _store,
        new DebugKernelResolver(_store, NullLogger<DebugKernelResolver>.Instance),
        Microsoft.Extensions.Options.Options.Create(new WorkerOptions { HoldBeforeAnalysis = hold ?? TimeSpan.Zero }),
        NullLogger<AnalysisRunner>.Instance);

    private async Task<(Guid CaseId, Guid JobId)> SeedAsync(Stream dump)
    {
        await using var context = _db.CreateContext();
        var organization = new Organization { Name = $"org-{Guid.NewGuid():N}" };
        var entity = new Case { OrganizationId = organization.Id, Title = "t", Customer = "c" };
        context.AddRange(organization, entity);
        await context.SaveChangesAsync();
        return (entity.Id, await AddJobAsync(entity.Id, dump));
    }

    private async Task<Guid> AddJobAsync(Guid caseId, Stream dump)
    {
        await using var context = _db.CreateContext();
        var artifactId = Guid.CreateVersion7();
        var key = BlobKeys.ForArtifact(caseId, artifactId);
        BlobWriteResult written;
        await using (dump)
            written = await _store.WriteAsync(key, dump, long.MaxValue);
        var artifact = new Artifact
        {
            Id = artifactId, CaseId = caseId, FileName = "dump", Kind = ArtifactKind.Vmcore,
            StorageKey = key, Size = written.Size, Sha256 = written.Sha256,
        };
        var job = new AnalysisJob { CaseId = caseId, ArtifactId = artifactId };
        context.AddRange(artifact, job);
        await context.SaveChangesAsync();
        return job.Id;
    }
}
