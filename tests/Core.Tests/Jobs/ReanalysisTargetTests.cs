using System.Text.Json;
using Crashdesk.Analysis;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Jobs;

/// <summary>
/// Which cases a debug kernel that became ready re-analyses (ReanalysisPlanner's query, on a real
/// database): the dumps of its build analysed without a kernel, never a console-log case even when
/// the kernel was uploaded to it (a log has nothing to pair with a vmlinux).
/// </summary>
public sealed class ReanalysisTargetTests : IAsyncLifetime
{
    private const string BuildId = "0123456789abcdef0123456789abcdef01234567";
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_ready_kernel_requeues_the_dump_case_of_its_build_but_not_the_console_log_case_it_was_uploaded_to()
    {
        var organization = new Organization { Name = $"org-{Guid.NewGuid():N}" };
        var console = File.ReadAllBytes(Path.Combine(TestFixtures.Folder("mini-6.1-lockdep/hung-mutex/kdump-zstd"), "console.txt"));
        var logReport = LogAnalyzer.Analyze(new MemoryByteSource(console, "console.txt"));
        var dumpReport = new AnalysisReport { Dump = new DumpSummary { Format = "kdump-compressed", BuildId = BuildId } };

        var logCase = new Case { OrganizationId = organization.Id, Title = "log only", Customer = "c" };
        var dumpCase = new Case { OrganizationId = organization.Id, Title = "dump", Customer = "c" };
        var kernelArtifact = Artifact(logCase, "vmlinux", ArtifactKind.DebugKernel);
        var entry = new DebugKernelEntry
        {
            OrganizationId = organization.Id, ArtifactId = kernelArtifact.Id, FileName = "vmlinux", StorageKey = "k",
            Sha256 = "", BuildId = BuildId, Status = DebugKernelStatus.Ready,
        };
        await using (var context = _db.CreateContext())
        {
            context.AddRange(organization, logCase, dumpCase);
            await context.SaveChangesAsync();
            var logArtifact = Artifact(logCase, "console.txt", ArtifactKind.ConsoleLog);
            var dumpArtifact = Artifact(dumpCase, "dump", ArtifactKind.Vmcore);
            context.AddRange(logArtifact, dumpArtifact, kernelArtifact, entry);
            await context.SaveChangesAsync();
            var logJob = new AnalysisJob { CaseId = logCase.Id, ArtifactId = logArtifact.Id, Status = AnalysisJobStatus.Done };
            var dumpJob = new AnalysisJob { CaseId = dumpCase.Id, ArtifactId = dumpArtifact.Id, Status = AnalysisJobStatus.Done };
            context.AddRange(logJob, dumpJob);
            await context.SaveChangesAsync();
            context.AddRange(ReportRow(logJob, logReport, isLog: true), ReportRow(dumpJob, dumpReport, isLog: false));
            await context.SaveChangesAsync();
        }

        var queue = new FakeJobQueue();
        await using (var context = _db.CreateContext())
        {
            int queued = await new ReanalysisPlanner(context, queue).QueueAsync(entry, CancellationToken.None);
            Assert.Equal(1, queued);
        }
        await using (var context = _db.CreateContext())
        {
            var job = Assert.Single(context.AnalysisJobs.Where(j => j.Status == AnalysisJobStatus.Queued && (j.CaseId == logCase.Id || j.CaseId == dumpCase.Id)).ToList());
            Assert.Equal(dumpCase.Id, job.CaseId);
            Assert.Equal([job.Id], queue.Queued);
        }
    }

    private static Artifact Artifact(Case owner, string name, ArtifactKind kind) =>
        new() { CaseId = owner.Id, FileName = name, Kind = kind, StorageKey = $"{owner.Id}/{name}", Sha256 = "" };

    /// <summary>The row as AnalyzeArtifactWork writes it: the report JSON and its columns.</summary>
    private static Report ReportRow(AnalysisJob job, AnalysisReport report, bool isLog) => new()
    {
        CaseId = job.CaseId, ArtifactId = job.ArtifactId, AnalysisJobId = job.Id, Version = 1,
        SchemaVersion = report.SchemaVersion, Content = JsonSerializer.Serialize(report, ReportJson.Options),
        IsLog = isLog, BuildId = report.Dump?.BuildId,
    };

    /// <summary>A fake queue: records what would have been handed to Hangfire.</summary>
    private sealed class FakeJobQueue : IJobQueue
    {
        public List<Guid> Queued { get; } = [];

        public Task<bool> EnqueueAsync<TWork>(Guid id, CancellationToken cancellationToken = default) where TWork : class, IQueuedWork
        {
            Queued.Add(id);
            return Task.FromResult(true);
        }
    }
}
