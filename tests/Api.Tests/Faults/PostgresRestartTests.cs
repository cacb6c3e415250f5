using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;
using Crashdesk.TestSupport;

namespace Crashdesk.Api.Tests.Faults;

/// <summary>
/// PostgreSQL restarted (<c>pg_ctl stop -m fast</c>, down a few seconds, started again) while a real Worker
/// process holds an analysis: on a cluster this test owns, so the shared test cluster is never restarted under
/// other tests. Pooled connections, as production runs them, so the hosts meet connections the restart killed.
/// The analysis must end done — on its first attempt or through Hangfire's retry — with exactly one report,
/// and the Api host must answer again afterwards without being restarted itself.
/// </summary>
public sealed class PostgresRestartTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(50);
    private PrivatePostgres _postgres = null!;
    private ApiFactory _api = null!;
    private WorkerProcess? _worker;

    public async Task InitializeAsync()
    {
        _postgres = await PrivatePostgres.StartAsync();
        await _postgres.CreateDatabaseAsync("crashdesk_faults");
        var database = await TestDatabase.MigratedOnAsync("crashdesk_faults", _postgres.ConnectionString("crashdesk_faults", pooling: true));
        _api = await ApiFactory.CreateAsync(database: database);
    }

    public async Task DisposeAsync()
    {
        _worker?.Dispose();
        await _api.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task An_analysis_held_across_a_database_restart_ends_done_with_one_report()
    {
        var clock = Stopwatch.StartNew();
        string db = _api.Database.ConnectionString;
        _worker = WorkerProcess.Start("w", db, _api.LocalRoot!, TimeSpan.FromSeconds(6), new Dictionary<string, string>
        {
            ["Worker__RetryDelay"] = "00:00:01",
        });
        await FaultChecks.WaitForAsync(async () => await FaultChecks.ScalarAsync<long>(db, "SELECT count(*) FROM hangfire.server WHERE data::text LIKE '%analysis%'") >= 1 ? (object)true : null,
            "the worker to serve the analysis queue", Patience, Diagnostics);
        var (_, key) = await _api.CreateTenantAsync();
        var client = _api.ClientWithKey(key);
        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("database restart", "ACME", null, null));
        var caseId = (await Json.ReadAsync<CaseDto>(created)).Id;
        await using (var dump = File.OpenRead(TestFixtures.DumpFile("debian-6.1-cloud/sysrq-c/kdump-zlib")))
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/dump.zlib?kind=vmcore", new StreamContent(dump));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        await FaultChecks.WaitForAsync(async () => (await FaultChecks.JobsAsync(db)).SingleOrDefault(j => j.Status == "running"),
            "the worker to claim the analysis", Patience, Diagnostics);

        // Inside the 6 s hold: every session is terminated, the server is down 3 s, then back.
        var restart = Stopwatch.StartNew();
        await _postgres.RestartAsync(TimeSpan.FromSeconds(3));
        output.WriteLine($"restart (stop -m fast, 3 s down, start) took {restart.Elapsed.TotalSeconds:F1} s");
        var during = await FaultChecks.WaitForAsync(async () => (await FaultChecks.JobsAsync(db)).SingleOrDefault(), "the analysis row after the restart", Patience, Diagnostics);
        Assert.True(during.Status == "running" && during.Attempts == 1, $"the restart must land inside the held analysis; the row was {during.Status} (attempt {during.Attempts})");

        var job = await FaultChecks.WaitForAsync(async () => (await FaultChecks.JobsAsync(db)).SingleOrDefault(j => j.Status is "done" or "failed"),
            "the analysis to finish after the restart", Patience, Diagnostics);
        output.WriteLine($"analysis {job.Status} after {job.Attempts} attempt(s); {clock.Elapsed.TotalSeconds:F1} s in all");
        Assert.True(job.Status == "done", $"the analysis ended {job.Status}: {job.Error}\n{Diagnostics()}");
        Assert.InRange(job.Attempts, 1, 2);

        // The Api host, whose pooled connections the restart killed, answers again: the user sees the analysis done and its report.
        var details = await FaultChecks.WaitForAsync(async () =>
        {
            using var response = await client.GetAsync($"/api/v1/cases/{caseId}");
            return response.StatusCode == HttpStatusCode.OK ? await Json.ReadAsync<CaseDto>(response) : null;
        }, "the Api host to answer after the restart", Patience, Diagnostics);
        var analysis = Assert.Single(details.Analyses);
        Assert.Equal("done", analysis.Status);
        Assert.Equal(1, details.ReportVersion);
        var report = await client.GetFromJsonAsync<ReportDto>($"/api/v1/cases/{caseId}/report", Json.Web);
        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", report!.Report.PanicLine);
        // Exactly one report, one artifact, one analysis row: nothing lost, nothing run twice to completion.
        Assert.Equal(1L, await FaultChecks.ScalarAsync<long>(db, "SELECT count(*) FROM reports"));
        Assert.Equal(1L, await FaultChecks.ScalarAsync<long>(db, "SELECT count(*) FROM artifacts"));
        Assert.Equal(1L, await FaultChecks.ScalarAsync<long>(db, "SELECT count(*) FROM analysis_jobs"));
        // The dump's object is in the store whole, and nothing half-written (a .partial temp file) is left beside it.
        var stored = Directory.EnumerateFiles(_api.LocalRoot!, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_api.LocalRoot!, f)).ToList();
        output.WriteLine($"store: {string.Join(", ", stored)}");
        Assert.DoesNotContain(stored, f => f.EndsWith(".partial", StringComparison.Ordinal));
        var dumpObject = Path.Combine(_api.LocalRoot!, Core.Storage.BlobKeys.ForArtifact(caseId, details.Artifacts[0].Id));
        Assert.Equal(new FileInfo(TestFixtures.DumpFile("debian-6.1-cloud/sysrq-c/kdump-zlib")).Length, new FileInfo(dumpObject).Length);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    private string Diagnostics() =>
        $"--- worker (exited: {_worker?.HasExited}) ---\n{FaultChecks.Tail(_worker?.Output ?? "")}\n--- postgres ---\n{FaultChecks.Tail(_postgres.Log, 2000)}";
}
