using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Crashdesk.Benchmarks.Shared;
using Crashdesk.Web.E2E.Support;

// The console benchmark (tests/Benchmarks/bench-console.sh): the real Api host with its in-process worker, the
// Debian dumps uploaded to the local store and to S3 (s3rver), then a session of typical crash commands through
// POST /api/v1/cases/{id}/console, as an engineer would type them. Prints per command the answer's wall time
// (request to response), the worker's own time and the bytes it read from the store, and per dump the share of
// the dump the whole session read. Goals (crash in the browser): over S3 under 10 % of the dump for the session,
// and every command after the first under 300 ms.
string server = Environment.GetEnvironmentVariable("CRASHDESK_BENCH_PG") ?? throw new InvalidOperationException("CRASHDESK_BENCH_PG is not set: run bench-console.sh");
string? s3 = Environment.GetEnvironmentVariable("CRASHDESK_BENCH_S3");
string[] dumps = args.Length > 0 ? args : ["debian-6.1-cloud/sysrq-c/kdump-zlib", "debian-6.1-cloud/hung-mutex/kdump-zstd", "debian-6.1-cloud/oops-null/kdump-lzo"];
string work = Directory.CreateTempSubdirectory("crashdesk-bench-console-").FullName;
bool ok = true;
try
{
    ok &= await RunAsync("local", new Dictionary<string, string> { ["Storage__Provider"] = "Local", ["Storage__LocalPath"] = Path.Combine(work, "blobs") }, bytesGoal: null);
    if (s3 is not null)
        ok &= await RunAsync("s3rver", BenchService.S3rverStorage(s3, work), bytesGoal: 0.10);
}
finally
{
    Directory.Delete(work, recursive: true);
}
return ok ? 0 : 1;

async Task<bool> RunAsync(string store, Dictionary<string, string> storage, double? bytesGoal)
{
    string database = await BenchService.CreateDatabaseAsync(server);
    var (apiKey, _) = await BenchService.SeedAsync(database, storage, "console bench");
    var environment = new Dictionary<string, string>(storage)
    {
        ["Database__ConnectionString"] = database, ["Database__MigrateOnStart"] = "false", ["Worker__RunInProcess"] = "true",
        ["Bootstrap__Enabled"] = "false", ["Logging__LogLevel__Default"] = "Warning",
    };
    await using var app = await ServerProcess.StartAsync(environment, TimeSpan.FromSeconds(90));
    using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl + "/"), Timeout = TimeSpan.FromMinutes(5) };
    http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    bool met = true;
    foreach (string id in dumps)
        met &= await SessionAsync(store, http, id, bytesGoal);
    return met;
}

async Task<bool> SessionAsync(string store, HttpClient http, string id, double? bytesGoal)
{
    string folder = Path.Combine(FixtureFiles.Root, "dumps", id);
    using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "meta.json")));
    string dumpPath = FixtureFiles.Dump(id, meta.RootElement.GetProperty("dump").GetString()!);
    long size = new FileInfo(dumpPath).Length;
    string task = meta.RootElement.GetProperty("panic_task").GetString()!;
    int pid = meta.RootElement.GetProperty("panic_pid").GetInt32();

    using var created = await http.PostAsJsonAsync("api/v1/cases", new { title = $"console bench {id}", customer = "ACME" });
    created.EnsureSuccessStatusCode();
    string caseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    await using (var file = File.OpenRead(dumpPath))
    using (var upload = await http.PutAsync($"api/v1/cases/{caseId}/artifacts/{Path.GetFileName(dumpPath)}?kind=vmcore", new StreamContent(file)))
        upload.EnsureSuccessStatusCode();
    await WaitForReportAsync(http, caseId);

    // What an engineer types on a fresh dump: the overview, the panic task, the other CPUs, its memory.
    string[] commands =
    [
        "sys", "log", "bt", "bt -a", "ps", $"bt {pid}", "mod", "kmem -i", "foreach UN bt", "runq",
        // p/px need the debug kernel's DWARF for a variable's type (BTF names no variables): this session has none.
        $"task {pid}", "struct task_struct -o", $"struct task_struct {task}", $"struct task_struct.pid,comm,__state {task}", "ps -S",
        $"rd {task} 16", "dis sysrq_handle_crash", "sym sysrq_handle_crash", "list task_struct.tasks -s task_struct.pid,comm -h init_task", "foreach bt",
    ];
    Console.WriteLine($"\n{store} · {id} ({size / 1e6:0.0} MB):");
    Console.WriteLine($"  {"command",-62} {"status",-9} {"wall ms",8} {"worker ms",9} {"bytes read",11}");
    long totalBytes = 0;
    double slowestAfterFirst = 0;
    bool met = true;
    for (int i = 0; i < commands.Length; i++)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync($"api/v1/cases/{caseId}/console", new { command = commands[i], wait = 60_000 });
        clock.Stop();
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        string status = answer.GetProperty("status").GetString()!;
        long bytes = answer.GetProperty("bytesRead").ValueKind == JsonValueKind.Number ? answer.GetProperty("bytesRead").GetInt64() : 0;
        string worker = answer.GetProperty("durationMs").ValueKind == JsonValueKind.Number ? answer.GetProperty("durationMs").GetInt32().ToString() : "?";
        totalBytes += bytes;
        if (i > 0)
            slowestAfterFirst = Math.Max(slowestAfterFirst, clock.Elapsed.TotalMilliseconds);
        Console.WriteLine($"  {commands[i],-62} {status,-9} {clock.Elapsed.TotalMilliseconds,8:0} {worker,9} {bytes,11:N0}");
        if (status != "done")
        {
            Console.WriteLine($"    {answer.GetProperty("error").GetString()}");
            met = false;
        }
    }
    double share = (double)totalBytes / size;
    bool bytesMet = bytesGoal is not { } g || share <= g;
    bool timeMet = slowestAfterFirst < 300;
    Console.WriteLine($"  session read {totalBytes:N0} bytes = {share:P1} of the dump (goal {(bytesGoal is { } goal ? $"≤ {goal:P0}" : "none")}); " +
        $"slowest command after the first {slowestAfterFirst:0} ms (goal < 300 ms){(bytesMet && timeMet && met ? "" : "  GOAL NOT MET")}");
    return met && bytesMet && timeMet;
}

static async Task WaitForReportAsync(HttpClient http, string caseId)
{
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
    while (DateTime.UtcNow < deadline)
    {
        var details = await http.GetFromJsonAsync<JsonElement>($"api/v1/cases/{caseId}");
        var analyses = details.GetProperty("analyses").EnumerateArray().ToList();
        if (analyses.Count > 0 && analyses.All(a => a.GetProperty("status").GetString() is "done" or "failed"))
            return;
        await Task.Delay(200);
    }
    throw new TimeoutException($"case {caseId}: no report within 3 minutes");
}
