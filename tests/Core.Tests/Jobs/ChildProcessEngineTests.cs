using System.Text.Json;
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
/// The engine in a child process (Analysis:Engine:Mode=ChildProcess, the published NativeAOT binary ./test.sh
/// makes) against the engine in the worker's process, through Core's real container and the real dumps: the same
/// reports, the dump profile kept and used the same way, and a store that fails mid-analysis retried, not failed.
/// </summary>
public sealed class ChildProcessEngineTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static Dictionary<string, string?> ChildProcess() => new()
    {
        ["Analysis:Engine:Mode"] = "ChildProcess",
        ["Analysis:Engine:Path"] = TestServices.EnginePath,
    };

    private static Dictionary<string, string?> InProcess() => new() { ["Analysis:Engine:Mode"] = "InProcess" };

    [Theory]
    [InlineData("debian-6.1-cloud/sysrq-c/kdump-zlib")]
    [InlineData("debian-6.1-cloud/hung-mutex/kdump-zstd")]
    public async Task A_dump_gives_the_same_report_in_a_child_process_as_in_the_worker_first_and_with_the_kept_profile(string fixture)
    {
        var inProcess = await AnalyseTwiceAsync(InProcess(), TestFixtures.DumpFile(fixture), ArtifactKind.Vmcore);
        var child = await AnalyseTwiceAsync(ChildProcess(), TestFixtures.DumpFile(fixture), ArtifactKind.Vmcore);

        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(inProcess[i].BuildId, child[i].BuildId);
            Assert.False(child[i].IsLog);
            Assert.Equal(Json(inProcess[i]), Json(child[i]));
        }
        // The second analysis of the build used the profile the first one kept (symbols from it, not the dump's kallsyms).
        Assert.NotEqual(Json(child[0]), Json(child[1]));
    }

    [Fact]
    public async Task A_console_log_gives_the_same_report_in_a_child_process()
    {
        string console = Path.Combine(TestFixtures.Folder("mini-6.1-lockdep/hung-mutex/kdump-zstd"), "console.txt");
        var inProcess = await AnalyseTwiceAsync(InProcess(), console, ArtifactKind.Vmcore);
        var child = await AnalyseTwiceAsync(ChildProcess(), console, ArtifactKind.Vmcore);

        Assert.True(child[0].IsLog);
        Assert.Null(child[0].DebugKernel);
        Assert.Equal(Json(inProcess[0]), Json(child[0]));
    }

    [Fact]
    public async Task A_store_that_fails_mid_analysis_under_the_child_is_retried_and_then_done_never_failed()
    {
        var store = new FakeMidReadFailingBlobStore(healthyReads: 40);
        var root = TestStores.TempDirectory();
        await using var host = CoreHost.Create(_db, ChildProcess(), _ => store.Wrapping(new LocalBlobStore(root)), storeRoot: root);
        var (caseId, jobId) = await SeedJobAsync(host, TestFixtures.DumpFile("debian-6.1-cloud/sysrq-c/kdump-zlib"));

        // The store's own exception, not a report with a part missing nor "the dump is bad": Hangfire retries it.
        var thrown = await Assert.ThrowsAsync<IOException>(() => RunAsync(host, jobId));
        Assert.Equal("the object store stopped answering (fake)", thrown.Message);
        Assert.False(JobFailures.IsPermanent(thrown));
        Assert.True(store.FailedReads > 0);
        await using (var context = _db.CreateContext())
        {
            var queued = await context.AnalysisJobs.SingleAsync(j => j.Id == jobId);
            Assert.Equal(AnalysisJobStatus.Queued, queued.Status);
            Assert.Contains("will be retried", queued.ProgressMessage);
            Assert.Equal(0, await context.Reports.CountAsync(r => r.CaseId == caseId));
        }

        store.Failing = false;
        await RunAsync(host, jobId);
        await using var check = _db.CreateContext();
        Assert.Equal(AnalysisJobStatus.Done, (await check.AnalysisJobs.SingleAsync(j => j.Id == jobId)).Status);
        Assert.Equal(1, await check.Reports.CountAsync(r => r.CaseId == caseId));
    }

    /// <summary>Two analyses of one file in one organisation (the second finds the dump profile the first kept).</summary>
    private async Task<ArtifactAnalysisResult[]> AnalyseTwiceAsync(Dictionary<string, string?> settings, string file, ArtifactKind kind)
    {
        await using var host = CoreHost.Create(_db, settings);
        await using (var content = File.OpenRead(file))
            await host.Get<IBlobStore>().WriteAsync("t/artifact", content, long.MaxValue);
        var organization = Guid.NewGuid();
        var results = new ArtifactAnalysisResult[2];
        for (int i = 0; i < 2; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            results[i] = await scope.ServiceProvider.GetRequiredService<IArtifactAnalyzer>()
                .AnalyzeAsync(new(organization, Guid.NewGuid(), Path.GetFileName(file), kind, "t/artifact"), CancellationToken.None);
        }
        return results;
    }

    private static string Json(ArtifactAnalysisResult result) => JsonSerializer.Serialize(result.Report, ReportJson.Options);

    private static Task RunAsync(CoreHost host, Guid jobId) =>
        host.Get<QueuedJob<AnalyzeArtifactWork>>().RunAsync(JobQueues.Analysis, jobId, CancellationToken.None);

    private async Task<(Guid CaseId, Guid JobId)> SeedJobAsync(CoreHost host, string file)
    {
        await using var context = _db.CreateContext();
        var organization = new Organization { Name = $"org-{Guid.NewGuid():N}" };
        var entity = new Case { OrganizationId = organization.Id, Title = "t", Customer = "c" };
        var artifactId = Guid.CreateVersion7();
        var key = BlobKeys.ForArtifact(entity.Id, artifactId);
        BlobWriteResult written;
        await using (var content = File.OpenRead(file))
            written = await new LocalBlobStore(host.StoreRoot).WriteAsync(key, content, long.MaxValue);
        var artifact = new Artifact
        {
            Id = artifactId, CaseId = entity.Id, FileName = Path.GetFileName(file), Kind = ArtifactKind.Vmcore,
            StorageKey = key, Size = written.Size, Sha256 = written.Sha256,
        };
        context.AddRange(organization, entity, artifact, new AnalysisJob { CaseId = entity.Id, ArtifactId = artifactId });
        await context.SaveChangesAsync();
        return (entity.Id, await context.AnalysisJobs.Where(j => j.ArtifactId == artifactId).Select(j => j.Id).SingleAsync());
    }
}
