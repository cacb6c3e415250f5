using Crashdesk.Core.Analyses;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Tests.Jobs;

/// <summary>
/// The analysis job's state machine (<see cref="QueuedJob{TWork}"/> over <see cref="AnalyzeArtifactWork"/>)
/// run in-line on Core's real container, a real database and the local store: claim, lease,
/// report columns, permanent and transient failures, retries, hand-back.
/// </summary>
public sealed class QueuedAnalysisTests : IAsyncLifetime
{
    private const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";
    private TestDatabase _db = null!;
    private CoreHost _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _host = CoreHost.Create(_db);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private string WorkerName => _host.Get<WorkerIdentity>().Name;

    [Fact]
    public async Task A_dump_is_analysed_into_report_version_1_with_its_columns_and_a_rerun_changes_nothing()
    {
        var (caseId, jobId) = await SeedAsync(_host, File.OpenRead(TestFixtures.DumpFile(Fixture)));

        await RunAsync(_host, jobId);
        await RunAsync(_host, jobId);

        await using var context = _db.CreateContext();
        var job = await context.AnalysisJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(AnalysisJobStatus.Done, job.Status);
        Assert.Equal(1, job.Attempts);
        Assert.Equal(WorkerName, job.WorkerName);
        Assert.Equal(100, job.Progress);
        Assert.NotNull(job.FinishedAt);
        Assert.Null(job.LeaseUntil);
        var report = await context.Reports.SingleAsync(r => r.CaseId == caseId);
        Assert.Equal(1, report.Version);
        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", report.PanicLine);
        Assert.Contains("sysrq triggered crash", report.Content);
        // The columns are the dump's facts, written with the report (the fixture's VMCOREINFO BUILD-ID).
        var buildId = Analysis.Kernel.KernelTarget.Open(new Analysis.IO.FileByteSource(TestFixtures.DumpFile(Fixture))).VmcoreInfo.BuildId;
        Assert.Equal(buildId?.Trim().ToLowerInvariant(), report.BuildId);
        Assert.NotNull(report.BuildId);
        Assert.False(report.IsLog);
        Assert.Null(report.UsedDebugKernelId);
        Assert.Empty(report.RefusedDebugKernelIds);
        Assert.Contains(DebugKernelUsage.NoneDescription, report.DebugKernel);
        Assert.DoesNotContain("debugKernel", report.Content);
    }

    [Fact]
    public async Task A_second_analysis_of_the_case_becomes_version_2()
    {
        var (caseId, first) = await SeedAsync(_host, File.OpenRead(TestFixtures.DumpFile(Fixture)));
        var second = await AddJobAsync(_host, caseId, File.OpenRead(TestFixtures.DumpFile(Fixture)));

        await RunAsync(_host, first);
        await RunAsync(_host, second);

        await using var context = _db.CreateContext();
        var versions = await context.Reports.Where(r => r.CaseId == caseId).OrderBy(r => r.Version)
            .Select(r => new { r.Version, r.AnalysisJobId }).ToListAsync();
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal([first, second], versions.Select(v => v.AnalysisJobId));
    }

    [Fact]
    public async Task An_unreadable_dump_fails_at_once_naming_the_uploaded_file_not_a_type_or_key()
    {
        var (caseId, jobId) = await SeedAsync(_host, new MemoryStream("this is not a crash dump, just text\n"u8.ToArray()), "notes.bin");

        await RunAsync(_host, jobId);

        await using var context = _db.CreateContext();
        var job = await context.AnalysisJobs.SingleAsync(j => j.Id == jobId);
        var artifact = await context.Artifacts.SingleAsync();
        Assert.Equal(AnalysisJobStatus.Failed, job.Status);
        Assert.Equal(1, job.Attempts);
        Assert.StartsWith("notes.bin", job.Error);
        Assert.DoesNotContain("Exception", job.Error);
        Assert.DoesNotContain(artifact.StorageKey, job.Error);
        Assert.False(await context.Reports.AnyAsync(r => r.CaseId == caseId));
    }

    [Fact]
    public async Task A_missing_object_fails_the_job_saying_the_stored_file_is_gone()
    {
        var (_, jobId) = await SeedAsync(_host, new MemoryStream([1, 2, 3]));
        await using (var context = _db.CreateContext())
            await _host.Get<IBlobStore>().DeleteAsync((await context.Artifacts.SingleAsync()).StorageKey);

        await RunAsync(_host, jobId);

        await using var check = _db.CreateContext();
        var job = await check.AnalysisJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(AnalysisJobStatus.Failed, job.Status);
        Assert.Contains("missing from the object store", job.Error);
        Assert.DoesNotContain("Exception", job.Error);
    }

    [Fact]
    public async Task An_unknown_job_id_is_a_no_op()
    {
        await RunAsync(_host, Guid.NewGuid());
        await using var context = _db.CreateContext();
        Assert.False(await context.AnalysisJobs.AnyAsync());
    }

    [Fact]
    public async Task Cancellation_hands_the_job_back_as_queued_without_counting_the_attempt()
    {
        await using var host = CoreHost.Create(_db, new Dictionary<string, string?> { ["Worker:HoldBeforeAnalysis"] = "00:00:30" }, storeRoot: _host.StoreRoot);
        var (_, jobId) = await SeedAsync(host, new MemoryStream([1, 2, 3]));
        using var cancel = new CancellationTokenSource();
        var run = host.Get<QueuedJob<AnalyzeArtifactWork>>().RunAsync(JobQueues.Analysis, jobId, cancel.Token);

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
        Assert.Equal(0, job.Attempts);
        Assert.Null(job.LeaseUntil);
    }

    [Fact]
    public async Task A_transient_store_failure_is_retried_and_the_last_attempt_fails_the_row_with_the_error()
    {
        var flaky = new FakeFailingBlobStore(failures: int.MaxValue);
        await using var host = CoreHost.Create(_db, new Dictionary<string, string?> { ["Worker:MaxAttempts"] = "3" },
            _ => flaky.Wrapping(new LocalBlobStore(_host.StoreRoot)));
        var (_, jobId) = await SeedAsync(host, new MemoryStream([1, 2, 3]));

        for (int attempt = 1; attempt <= 2; attempt++)
        {
            // Thrown so that Hangfire's retry (with back-off) runs the job again; the row is queued meanwhile.
            await Assert.ThrowsAsync<IOException>(() => RunAsync(host, jobId));
            await using var context = _db.CreateContext();
            var queued = await context.AnalysisJobs.SingleAsync(j => j.Id == jobId);
            Assert.Equal(AnalysisJobStatus.Queued, queued.Status);
            Assert.Equal(attempt, queued.Attempts);
            Assert.Contains("will be retried", queued.ProgressMessage);
        }
        await RunAsync(host, jobId);

        await using var check = _db.CreateContext();
        var job = await check.AnalysisJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(AnalysisJobStatus.Failed, job.Status);
        Assert.Equal(3, job.Attempts);
        Assert.Equal("failed 3 times; the last error: the object store did not answer (fake)", job.Error);
        Assert.Equal(3, flaky.Calls);
    }

    [Fact]
    public async Task A_transient_failure_then_success_ends_done_on_the_second_attempt()
    {
        var flaky = new FakeFailingBlobStore(failures: 1);
        await using var host = CoreHost.Create(_db, null, _ => flaky.Wrapping(new LocalBlobStore(_host.StoreRoot)));
        var (caseId, jobId) = await SeedAsync(host, File.OpenRead(TestFixtures.DumpFile(Fixture)));

        await Assert.ThrowsAsync<IOException>(() => RunAsync(host, jobId));
        await RunAsync(host, jobId);

        await using var context = _db.CreateContext();
        var job = await context.AnalysisJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(AnalysisJobStatus.Done, job.Status);
        Assert.Equal(2, job.Attempts);
        Assert.Equal(1, await context.Reports.CountAsync(r => r.CaseId == caseId));
    }

    [Fact]
    public async Task A_row_held_by_a_live_lease_is_not_run_twice_and_is_claimable_once_the_lease_ran_out()
    {
        var (caseId, jobId) = await SeedAsync(_host, File.OpenRead(TestFixtures.DumpFile(Fixture)));
        await ExecuteAsync($"UPDATE analysis_jobs SET status = 'running', attempts = 1, worker_name = 'other:1', lease_until = now() + interval '1 hour' WHERE id = '{jobId}'");

        // A duplicate fire while another worker holds it: thrown (Hangfire retries it later), nothing done.
        await Assert.ThrowsAsync<WorkInProgressException>(() => RunAsync(_host, jobId));
        await using (var context = _db.CreateContext())
        {
            var held = await context.AnalysisJobs.SingleAsync(j => j.Id == jobId);
            Assert.Equal(("other:1", 1), (held.WorkerName, held.Attempts));
        }

        // That worker died: its lease runs out, and the next fire finishes the job.
        await ExecuteAsync($"UPDATE analysis_jobs SET lease_until = now() - interval '1 second' WHERE id = '{jobId}'");
        await RunAsync(_host, jobId);

        await using var check = _db.CreateContext();
        var job = await check.AnalysisJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(AnalysisJobStatus.Done, job.Status);
        Assert.Equal(2, job.Attempts);
        Assert.Equal(WorkerName, job.WorkerName);
        Assert.Equal(1, await check.Reports.CountAsync(r => r.CaseId == caseId));
    }

    [Fact]
    public async Task A_row_whose_workers_died_every_time_ends_failed_after_the_allowed_attempts()
    {
        int allowed = _host.Get<Microsoft.Extensions.Options.IOptions<Crashdesk.Core.Options.WorkerOptions>>().Value.MaxAttempts;
        var (_, jobId) = await SeedAsync(_host, new MemoryStream([1, 2, 3]));
        await ExecuteAsync($"UPDATE analysis_jobs SET status = 'running', attempts = {allowed}, worker_name = 'dead:1', lease_until = now() - interval '1 second' WHERE id = '{jobId}'");

        await RunAsync(_host, jobId);

        await using var context = _db.CreateContext();
        var job = await context.AnalysisJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(AnalysisJobStatus.Failed, job.Status);
        Assert.Equal($"gave up after {allowed} attempts (the worker stopped or failed each time)", job.Error);
    }

    [Fact]
    public async Task The_lease_is_renewed_while_the_job_runs()
    {
        // A 5 s invisibility timeout gives a 4 s lease renewed every second; the job holds for 4 s.
        await using var host = CoreHost.Create(_db, new Dictionary<string, string?>
        {
            ["Worker:InvisibilityTimeout"] = "00:00:05",
            ["Worker:HoldBeforeAnalysis"] = "00:00:04",
        }, storeRoot: _host.StoreRoot);
        var (_, jobId) = await SeedAsync(host, new MemoryStream([1, 2, 3]));
        var run = RunAsync(host, jobId);
        DateTimeOffset? first = null, later = null;
        for (int i = 0; i < 80 && !run.IsCompleted; i++)
        {
            await using (var poll = _db.CreateContext())
            {
                var lease = await poll.AnalysisJobs.Where(j => j.Id == jobId).Select(j => j.LeaseUntil).SingleAsync();
                if (lease is { } l)
                {
                    first ??= l;
                    if (l > first.Value)
                        later = l;
                }
            }
            await Task.Delay(100);
        }
        await run;
        Assert.NotNull(first);
        Assert.True(later > first, $"the lease was never renewed (first {first:O})");
    }

    private static Task RunAsync(CoreHost host, Guid jobId) =>
        host.Get<QueuedJob<AnalyzeArtifactWork>>().RunAsync(JobQueues.Analysis, jobId, CancellationToken.None);

    private async Task ExecuteAsync(string sql)
    {
        await using var context = _db.CreateContext();
#pragma warning disable EF1002 // test-only SQL with ids we made
        await context.Database.ExecuteSqlRawAsync(sql);
#pragma warning restore EF1002
    }

    private async Task<(Guid CaseId, Guid JobId)> SeedAsync(CoreHost host, Stream dump, string fileName = "dump")
    {
        await using var context = _db.CreateContext();
        var organization = new Organization { Name = $"org-{Guid.NewGuid():N}" };
        var entity = new Case { OrganizationId = organization.Id, Title = "t", Customer = "c" };
        context.AddRange(organization, entity);
        await context.SaveChangesAsync();
        return (entity.Id, await AddJobAsync(host, entity.Id, dump, fileName));
    }

    private async Task<Guid> AddJobAsync(CoreHost host, Guid caseId, Stream dump, string fileName = "dump")
    {
        await using var context = _db.CreateContext();
        var artifactId = Guid.CreateVersion7();
        var key = BlobKeys.ForArtifact(caseId, artifactId);
        BlobWriteResult written;
        await using (dump)
            written = await new LocalBlobStore(_host.StoreRoot).WriteAsync(key, dump, long.MaxValue);
        var artifact = new Artifact
        {
            Id = artifactId, CaseId = caseId, FileName = fileName, Kind = ArtifactKind.Vmcore,
            StorageKey = key, Size = written.Size, Sha256 = written.Sha256,
        };
        var job = new AnalysisJob { CaseId = caseId, ArtifactId = artifactId };
        context.AddRange(artifact, job);
        await context.SaveChangesAsync();
        _ = host;
        return job.Id;
    }
}
