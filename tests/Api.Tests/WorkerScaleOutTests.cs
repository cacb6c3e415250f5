using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;
using Crashdesk.TestSupport;
using Npgsql;

namespace Crashdesk.Api.Tests;

/// <summary>
/// Scale-out and crash recovery with real Worker processes on one database (Hangfire's PostgreSQL
/// storage; the rows' claim and lease). Executions are counted by the job itself
/// (analysis_jobs.attempts, +1 per claimed execution), so the checks hold whether an analysis ends
/// done or failed.
/// </summary>
public sealed class WorkerScaleOutTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private ApiFactory _api = null!;
    private readonly List<WorkerProcess> _workers = [];

    public async Task InitializeAsync() => _api = await ApiFactory.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
            worker.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Two_workers_run_each_of_twenty_analyses_exactly_once()
    {
        // Each execution holds for 2 s: one worker cannot drain the queue before the other looks,
        // so both must take part. Ten of the twenty are real dumps (report versions), ten are junk (failed).
        StartWorker("a", TimeSpan.FromSeconds(2));
        StartWorker("b", TimeSpan.FromSeconds(2));
        await WaitForServersAsync(2);
        var (client, caseId) = await NewCaseAsync();

        var dump = await File.ReadAllBytesAsync(TestFixtures.DumpFile("debian-6.1-cloud/sysrq-c/kdump-zlib"));
        for (int i = 0; i < 20; i++)
        {
            HttpContent body = i % 2 == 0 ? new ByteArrayContent(dump) : new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes($"not a dump #{i}\n"));
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/core-{i}?kind=vmcore", body);
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        var jobs = await WaitForAllFinishedAsync(expected: 20);

        Assert.All(jobs, j => Assert.True(j.Attempts == 1, $"analysis {j.Id} ran {j.Attempts} times\n{Diagnostics()}"));
        Assert.True(jobs.Select(j => j.Worker).Distinct().Count() == 2,
            $"expected both workers to take part; ran on: {string.Join(", ", jobs.Select(j => j.Worker).Distinct())}\n{Diagnostics()}");
        Assert.Equal(10, jobs.Count(j => j.Status == "done"));
        // One report version per analysis that ended done: 1..10, none twice.
        Assert.Equal(Enumerable.Range(1, 10).Select(v => (long)v),
            await ListAsync<long>($"SELECT version::bigint FROM reports WHERE case_id = '{caseId}' ORDER BY version"));
        Assert.Equal(10L, await ScalarAsync<long>("SELECT count(DISTINCT analysis_job_id) FROM reports"));
        // Hangfire agrees: every job succeeded once, nothing is left in the queue.
        await WaitForAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM hangfire.jobqueue") == 0 ? (object)true : null,
            "Hangfire to remove the finished jobs from its queue");
        Assert.Equal(20L, await ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded'"));
    }

    [Fact]
    public async Task A_job_whose_worker_died_is_recovered_by_another_worker()
    {
        // Worker a claims the analysis, then stalls long enough to be killed mid-job.
        var doomed = StartWorker("a", TimeSpan.FromMinutes(10));
        await WaitForServersAsync(1);
        var (client, caseId) = await NewCaseAsync();
        await using (var dump = File.OpenRead(TestFixtures.DumpFile("debian-6.1-cloud/sysrq-c/kdump-zlib")))
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/dump.zlib?kind=vmcore", new StreamContent(dump));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        var claimed = await WaitForAsync(async () => (await JobsAsync()).SingleOrDefault(j => j.Status == "running"), "the first worker to claim the job");
        Assert.Equal(1, claimed.Attempts);

        // SIGKILL: no shutdown, no hand-back. The other worker is already up and polling.
        StartWorker("b", TimeSpan.Zero);
        await WaitForServersAsync(2);
        doomed.Kill();
        var killedAt = DateTime.UtcNow;
        var jobs = await WaitForAllFinishedAsync(expected: 1);
        var recovery = DateTime.UtcNow - killedAt;
        output.WriteLine($"SIGKILL mid-analysis -> done on the other worker after {recovery.TotalSeconds:F1} s " +
            $"(invisibility timeout {WorkerProcess.InvisibilityTimeout.TotalSeconds} s, lease {WorkerProcess.InvisibilityTimeout.TotalSeconds * 0.8} s)");

        var job = Assert.Single(jobs);
        Assert.True(job.Status == "done", $"recovered job ended {job.Status}: {job.Error}\n{Diagnostics()}");
        Assert.Equal(2, job.Attempts);
        Assert.NotEqual(claimed.Worker, job.Worker);
        var report = await client.GetFromJsonAsync<ReportDto>($"/api/v1/cases/{caseId}/report", Json.Web);
        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", report!.Report.PanicLine);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM reports"));
        // Bounded: the invisibility timeout, one poll, the analysis itself, and slack for a loaded machine.
        Assert.True(recovery < WorkerProcess.InvisibilityTimeout + TimeSpan.FromSeconds(45), $"recovery took {recovery}\n{Diagnostics()}");
    }

    private WorkerProcess StartWorker(string name, TimeSpan hold)
    {
        var worker = WorkerProcess.Start(name, _api.Database.ConnectionString, _api.LocalRoot!, hold);
        _workers.Add(worker);
        return worker;
    }

    private async Task<(HttpClient Client, Guid CaseId)> NewCaseAsync()
    {
        var (_, key) = await _api.CreateTenantAsync();
        var client = _api.ClientWithKey(key);
        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("scale-out", "ACME", null, null));
        return (client, (await Json.ReadAsync<CaseDto>(created)).Id);
    }

    /// <summary>Hangfire servers of the analysis queue announce themselves in hangfire.server.</summary>
    private Task WaitForServersAsync(int count) =>
        WaitForAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM hangfire.server WHERE data::text LIKE '%analysis%'") >= count ? (object)true : null,
            $"{count} worker(s) to start serving the analysis queue");

    private async Task<List<JobRow>> WaitForAllFinishedAsync(int expected) =>
        await WaitForAsync(async () =>
        {
            var jobs = await JobsAsync();
            return jobs.Count == expected && jobs.All(j => j.Status is "done" or "failed") ? jobs : null;
        }, $"{expected} analyses to finish");

    private async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } result)
                return result;
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}\n{Diagnostics()}");
            await Task.Delay(300);
        }
    }

    private async Task<List<JobRow>> JobsAsync()
    {
        await using var connection = new NpgsqlConnection(_api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, status, attempts, worker_name, error FROM analysis_jobs ORDER BY created_at", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<JobRow>();
        while (await reader.ReadAsync())
            rows.Add(new JobRow(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        return rows;
    }

    private async Task<List<T>> ListAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(reader.GetFieldValue<T>(0));
        return rows;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private string Diagnostics() => string.Join("\n", _workers.Select(w => $"--- worker {w.Name} (exited: {w.HasExited}) ---\n{Tail(w.Output)}"));

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    private sealed record JobRow(Guid Id, string Status, int Attempts, string? Worker, string? Error);
}
