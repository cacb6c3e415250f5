using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;
using Npgsql;

namespace Crashdesk.Api.Tests;

/// <summary>
/// Acceptance 4 and crash recovery with real Worker processes on one database (Quartz's clustered
/// PostgreSQL job store). Executions are counted by the job itself (analysis_jobs.attempts, +1 per
/// claimed execution), so the checks hold whether an analysis ends done or failed.
/// </summary>
public sealed class WorkerScaleOutTests : IAsyncLifetime
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
    public async Task Two_workers_run_each_of_ten_queued_analyses_exactly_once()
    {
        // Each execution holds for 3 s while idle workers poll every second: one worker cannot drain
        // the queue before the other looks, so both must take part.
        StartWorker("a", TimeSpan.FromSeconds(3));
        StartWorker("b", TimeSpan.FromSeconds(3));
        await WaitForCheckedInWorkersAsync(2);
        var (client, caseId) = await NewCaseAsync();

        for (int i = 0; i < 10; i++)
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/core-{i}?kind=vmcore",
                new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes($"not a dump #{i}\n")));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        var jobs = await WaitForAllFinishedAsync(expected: 10);

        Assert.All(jobs, j => Assert.True(j.Attempts == 1, $"analysis {j.Id} ran {j.Attempts} times\n{Diagnostics()}"));
        Assert.True(jobs.Select(j => j.Worker).Distinct().Count() == 2,
            $"expected both workers to take part; ran on: {string.Join(", ", jobs.Select(j => j.Worker).Distinct())}\n{Diagnostics()}");
        // Quartz removes a firing's record just after the job returns: it must go, not linger for a re-run.
        await WaitForAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM qrtz_fired_triggers") == 0 ? (object)true : null,
            "Quartz to clear its fired-trigger records");
    }

    [Fact]
    public async Task A_job_whose_worker_died_is_recovered_by_another_worker()
    {
        // Worker a claims the analysis, then stalls long enough to be killed mid-job.
        var doomed = StartWorker("a", TimeSpan.FromMinutes(10));
        await WaitForCheckedInWorkersAsync(1);
        var (client, caseId) = await NewCaseAsync();
        await using (var dump = File.OpenRead(TestFixtures.DumpFile("debian-6.1-cloud/sysrq-c/kdump-zlib")))
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/dump.zlib?kind=vmcore", new StreamContent(dump));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        var claimed = await WaitForAsync(async () => (await JobsAsync()).SingleOrDefault(j => j.Status == "running"), "the first worker to claim the job");
        Assert.Equal(1, claimed.Attempts);

        doomed.Kill();
        StartWorker("b", TimeSpan.Zero);
        var jobs = await WaitForAllFinishedAsync(expected: 1);

        var job = Assert.Single(jobs);
        Assert.True(job.Status == "done", $"recovered job ended {job.Status}: {job.Error}\n{Diagnostics()}");
        Assert.Equal(2, job.Attempts);
        Assert.NotEqual(claimed.Worker, job.Worker);
        var report = await client.GetFromJsonAsync<ReportDto>($"/api/v1/cases/{caseId}/report", Json.Web);
        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", report!.Report.PanicLine);
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

    private Task WaitForCheckedInWorkersAsync(int count) =>
        WaitForAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state") >= count ? (object)true : null,
            $"{count} worker(s) to check in to the cluster");

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
