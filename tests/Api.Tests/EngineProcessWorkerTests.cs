using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;
using Crashdesk.TestSupport;
using Npgsql;

namespace Crashdesk.Api.Tests;

/// <summary>
/// Real Worker processes running each analysis in a child process of the published NativeAOT engine
/// (Analysis:Engine:Mode=ChildProcess), on the test database and a shared local store: the report is the one the
/// worker's own process gives; an engine that aborts, segfaults (the test-only fault switch
/// CRASHDESK_ENGINE_TEST_FAULT, on the real dump), hangs, burns CPU or fills its heap ends that analysis failed with
/// what happened, named by the user's file, and the same worker goes on to analyse the next dump.
/// </summary>
public sealed class EngineProcessWorkerTests : IAsyncLifetime
{
    private const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";
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
    public async Task A_dump_analysed_in_the_child_process_gives_the_report_of_the_worker_s_own_process()
    {
        var child = StartWorker("child", new() { ["Analysis__Engine__Mode"] = "ChildProcess" });
        var inChild = await AnalyseAsync("vmcore-a", expect: "done");
        child.Dispose();
        _workers.Clear();
        StartWorker("in-process", new() { ["Analysis__Engine__Mode"] = "InProcess" });
        var inProcess = await AnalyseAsync("vmcore-a", expect: "done");

        Assert.Equal(inProcess.Report, inChild.Report);
        Assert.Contains("Analyses run in a child process", child.Output);
    }

    [Theory]
    [InlineData("abort", "SIGABRT")]
    [InlineData("segv", "SIGSEGV")]
    public async Task An_engine_that_crashes_fails_that_analysis_with_the_signal_and_the_worker_analyses_the_next_dump(string fault, string signal)
    {
        var worker = StartWorker("w", new() { ["CRASHDESK_ENGINE_TEST_FAULT"] = $"{fault}:crash-me" });

        var crashed = await AnalyseAsync("vmcore-crash-me", expect: "failed");
        Assert.Equal($"the engine crashed while analysing vmcore-crash-me ({signal}); the dump is kept for a bug report", crashed.Error);
        Assert.Equal(1, crashed.Attempts); // permanent: not retried
        Assert.False(worker.HasExited, Diagnostics());

        var next = await AnalyseAsync("vmcore-next", expect: "done");
        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", next.PanicLine);
        Assert.False(worker.HasExited, Diagnostics());
    }

    [Fact]
    public async Task An_engine_that_hangs_is_killed_at_the_wall_time_limit_and_the_analysis_fails_saying_so()
    {
        var worker = StartWorker("w", new()
        {
            ["CRASHDESK_ENGINE_TEST_FAULT"] = "hang:hang-me",
            // Room for the next, ordinary analysis on a loaded machine (the whole suite runs beside it).
            ["Analysis__Engine__WallTimeLimit"] = "00:00:20",
        });

        var started = DateTime.UtcNow;
        var hung = await AnalyseAsync("vmcore-hang-me", expect: "failed");
        Assert.Equal("the engine exceeded its wall-time limit of 20 s (Analysis:Engine:WallTimeLimit) while analysing vmcore-hang-me", hung.Error);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(90), $"took {DateTime.UtcNow - started}");
        Assert.Equal(1, hung.Attempts); // permanent: not retried
        Assert.False(worker.HasExited, Diagnostics());
        Assert.Equal("done", (await AnalyseAsync("vmcore-after", expect: "done")).Status);
    }

    [Fact]
    public async Task An_engine_that_burns_cpu_is_ended_at_its_cpu_time_limit()
    {
        var worker = StartWorker("w", new()
        {
            ["CRASHDESK_ENGINE_TEST_FAULT"] = "spin:spin-me",
            ["Analysis__Engine__CpuTimeLimit"] = "00:00:02",
        });

        var spun = await AnalyseAsync("vmcore-spin-me", expect: "failed");
        Assert.Equal("the engine exceeded its CPU time limit of 2 s (Analysis:Engine:CpuTimeLimit) while analysing vmcore-spin-me", spun.Error);
        Assert.False(worker.HasExited, Diagnostics());
        Assert.Equal("done", (await AnalyseAsync("vmcore-after", expect: "done")).Status);
    }

    [Fact]
    public async Task An_engine_that_blows_its_heap_is_ended_at_its_memory_limit()
    {
        var worker = StartWorker("w", new()
        {
            ["CRASHDESK_ENGINE_TEST_FAULT"] = "oom:hoard-me",
            ["Analysis__Engine__MemoryLimitBytes"] = (512L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var hoarded = await AnalyseAsync("vmcore-hoard-me", expect: "failed");
        Assert.Equal("the engine exceeded its memory limit of 512 MiB (Analysis:Engine:MemoryLimitBytes) while analysing vmcore-hoard-me", hoarded.Error);
        Assert.False(worker.HasExited, Diagnostics());
        Assert.Equal("done", (await AnalyseAsync("vmcore-after", expect: "done")).Status);
    }

    private WorkerProcess StartWorker(string name, Dictionary<string, string> environment)
    {
        environment.TryAdd("Analysis__Engine__Mode", "ChildProcess");
        environment["Analysis__Engine__Path"] = TestServices.EnginePath;
        var worker = WorkerProcess.Start(name, _api.Database.ConnectionString, _api.LocalRoot!, TimeSpan.Zero, environment);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Uploads the fixture dump as <paramref name="fileName"/> into a new case and waits for its analysis to end.</summary>
    private async Task<Outcome> AnalyseAsync(string fileName, string expect)
    {
        var (_, key) = await _api.CreateTenantAsync();
        var client = _api.ClientWithKey(key);
        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("engine", "ACME", null, null));
        var caseId = (await Json.ReadAsync<CaseDto>(created)).Id;
        await using (var dump = File.OpenRead(TestFixtures.DumpFile(Fixture)))
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/{fileName}?kind=vmcore", new StreamContent(dump));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using var connection = new NpgsqlConnection(_api.Database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT status, attempts, error FROM analysis_jobs WHERE case_id = '{caseId}'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync() && reader.GetString(0) is "done" or "failed")
            {
                var (status, attempts, error) = (reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2));
                Assert.True(status == expect, $"{fileName}: {status} ({error})\n{Diagnostics()}");
                if (status != "done")
                    return new Outcome(status, attempts, error, null, null);
                var report = await client.GetFromJsonAsync<ReportDto>($"/api/v1/cases/{caseId}/report", Json.Web);
                return new Outcome(status, attempts, error, report!.Report.PanicLine, JsonSerializer.Serialize(report.Report, Json.Web));
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for the analysis of {fileName}\n{Diagnostics()}");
            await Task.Delay(300);
        }
    }

    private string Diagnostics() => string.Join("\n", _workers.Select(w => $"--- worker {w.Name} (exited: {w.HasExited}) ---\n{Tail(w.Output)}"));

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];

    private sealed record Outcome(string Status, int Attempts, string? Error, string? PanicLine, string? Report);
}
