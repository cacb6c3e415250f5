using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Crashdesk.Benchmarks.Service;
using Crashdesk.Benchmarks.Shared;
using Crashdesk.Web.E2E.Support;

// The service benchmark (tests/Benchmarks/bench-service.sh): the Debian dumps through the real Api host with its
// in-process worker, on the local store and on S3 (s3rver), against the NativeAOT CLI on the same dumps in the same
// run. Per dump: upload end → report visible (steady state, and the first analysis after the host starts, with and
// without a kept profile), where that time goes (queue wait, the job, the engine's phases) and the bytes read from the
// store; then analyses per minute and peak RSS per worker with two Worker processes. Goals (a fast service): steady
// state ≤ 1.2× the CLI, first analysis after a start ≤ 1.5×, a full analysis over S3 ≤ 5 % of the dump.
string server = Environment.GetEnvironmentVariable("CRASHDESK_BENCH_PG") ?? throw new InvalidOperationException("CRASHDESK_BENCH_PG is not set: run bench-service.sh");
string cli = Environment.GetEnvironmentVariable("CRASHDESK_BENCH_CLI") ?? throw new InvalidOperationException("CRASHDESK_BENCH_CLI is not set: run bench-service.sh");
string? s3 = Environment.GetEnvironmentVariable("CRASHDESK_BENCH_S3");
// Where the worker runs the engine: ChildProcess (the default, as ./run.sh and docker do: the same NativeAOT binary as
// the CLI, one child per analysis) or InProcess (CRASHDESK_BENCH_ENGINE=InProcess).
string engineMode = Environment.GetEnvironmentVariable("CRASHDESK_BENCH_ENGINE") is { Length: > 0 } mode ? mode : "ChildProcess";
int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
int queued = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
// A third argument "local" skips S3 (a quick look at latency); a queue of 0 skips the throughput run.
bool localOnly = args.Length > 2 && args[2] == "local";
string[] ids = ["debian-6.1-cloud/sysrq-c/kdump-zlib", "debian-6.1-cloud/hung-mutex/kdump-zstd", "debian-6.1-cloud/oops-null/kdump-lzo"];
var dumps = ids.ToDictionary(id => id, id => FixtureFiles.Dump(id, JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureFiles.Root, "dumps", id, "meta.json"))).RootElement.GetProperty("dump").GetString()!));
string scrapeToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
string work = Directory.CreateTempSubdirectory("crashdesk-bench-service-").FullName;
bool met = true;
try
{
    Console.WriteLine($"CLI: {cli} analyze DUMP --json, {rounds} runs per dump after one untimed run; the worker's engine: {engineMode}");
    var cliTimes = new Dictionary<string, List<double>>();
    foreach (var (id, path) in dumps)
    {
        await CliRuns.TimeAsync(cli, path, 1);
        cliTimes[id] = await CliRuns.TimeAsync(cli, path, rounds);
    }
    met &= await StoreAsync("local", new Dictionary<string, string> { ["Storage__Provider"] = "Local", ["Storage__LocalPath"] = Path.Combine(work, "blobs") }, cliTimes, bytesGoal: null);
    if (s3 is not null && !localOnly)
        met &= await StoreAsync("s3rver", BenchService.S3rverStorage(s3, work), cliTimes, bytesGoal: 0.05);
    if (queued > 0)
        met &= await ThroughputAsync();
}
finally
{
    Directory.Delete(work, recursive: true);
}
Console.WriteLine(met ? "\nevery goal met" : "\nGOALS NOT MET (see above)");
return met ? 0 : 1;

async Task<bool> StoreAsync(string store, Dictionary<string, string> storage, Dictionary<string, List<double>> cliTimes, double? bytesGoal)
{
    string database = await BenchService.CreateDatabaseAsync(server);
    var (apiKey, _) = await BenchService.SeedAsync(database, storage, "service bench");
    var environment = HostEnvironment(storage, database);
    var firstCold = new Dictionary<string, AnalysisSample>();
    var firstKept = new Dictionary<string, AnalysisSample>();
    var steady = ids.ToDictionary(id => id, _ => new List<AnalysisSample>());

    // One start: the first dump is the first analysis after the start and the first of its kernel build (no kept
    // profile yet); then rounds of every dump, the steady state.
    var startClock = System.Diagnostics.Stopwatch.StartNew();
    await using (var app = await ServerProcess.StartAsync(environment, TimeSpan.FromSeconds(90)))
    {
        Console.WriteLine($"\n{store}: host started (health answered) in {startClock.Elapsed.TotalSeconds:0.0} s");
        var probe = Probe(app, apiKey, database);
        firstCold[ids[0]] = await probe.RunAsync(dumps[ids[0]], ids[0]);
        for (int r = 0; r < rounds; r++)
            foreach (var id in ids)
                steady[id].Add(await probe.RunAsync(dumps[id], id));
    }
    // A start per dump on the same database: the first analysis after a start, the build's profile already kept.
    foreach (var id in ids)
    {
        await using var app = await ServerProcess.StartAsync(environment, TimeSpan.FromSeconds(90));
        firstKept[id] = await Probe(app, apiKey, database).RunAsync(dumps[id], id);
    }

    bool ok = true;
    Console.WriteLine($"  {"dump",-40} {"CLI ms",7} {"steady ms",9} {"×CLI",5} {"1st kept",8} {"×CLI",5} {"1st cold",8} {"×CLI",5}   (upload end → report visible; median)");
    foreach (var id in ids)
    {
        double cliMs = Median(cliTimes[id]);
        double steadyMs = Median(steady[id].Select(s => s.VisibleMs));
        double keptMs = firstKept[id].VisibleMs;
        string cold = firstCold.TryGetValue(id, out var c) ? $"{c.VisibleMs,8:0} {c.VisibleMs / cliMs,5:0.00}" : $"{"",8} {"",5}";
        bool steadyMet = steadyMs <= 1.2 * cliMs, firstMet = keptMs <= 1.5 * cliMs;
        ok &= steadyMet && firstMet;
        Console.WriteLine($"  {id,-40} {cliMs,7:0} {steadyMs,9:0} {steadyMs / cliMs,5:0.00} {keptMs,8:0} {keptMs / cliMs,5:0.00} {cold}" +
            (steadyMet && firstMet ? "" : "  GOAL NOT MET (≤ 1.2× steady, ≤ 1.5× first)"));
    }
    Console.WriteLine($"  where the steady state goes (median ms): upload PUT, queue wait, job, rest (the report written and committed → client sees it, ≤ {AnalysisProbe.PollEvery.TotalMilliseconds:0} ms of it polling; finished_at is the writing transaction's now())");
    foreach (var id in ids)
    {
        var s = steady[id];
        double visible = Median(s.Select(x => x.VisibleMs)), queue = Median(s.Select(x => x.QueuedMs)), job = Median(s.Select(x => x.JobMs));
        double headers = Median(s.Select(x => x.HeadersMs));
        Console.WriteLine($"  {id,-40} PUT {Median(s.Select(x => x.PutMs)),5:0}  queue {queue,5:0}  job {job,5:0}  rest {headers - queue - job,5:0} to the 200, {visible - headers,4:0} reading the report; a GET of the report {Median(s.Select(x => x.ReportGetMs)),4:0}");
        var phases = s.SelectMany(x => x.Phases.Keys).Distinct().Select(p => $"{p} {Median(s.Select(x => x.Phases.GetValueOrDefault(p) * 1000)):0}");
        Console.WriteLine($"  {"",40} engine phases: {string.Join(", ", phases)}");
        var first = firstKept[id];
        Console.WriteLine($"  {"",40} first after start (kept profile): queue {first.QueuedMs:0}, job {first.JobMs:0}; " +
            string.Join(", ", first.Phases.Select(p => $"{p.Key} {p.Value * 1000:0}")));
    }
    foreach (var id in ids)
    {
        long size = new FileInfo(dumps[id]).Length;
        var s = steady[id];
        double read = Median(s.Select(x => x.BytesRead));
        string line = $"  {id,-40} engine read {read / size,6:P2} of {size / 1e6:0.0} MB";
        if (store != "local")
        {
            double fetched = Median(s.Select(x => x.S3BytesFetched)), requests = Median(s.Select(x => x.S3Requests));
            bool bytesMet = bytesGoal is not { } g || fetched / size <= g;
            ok &= bytesMet;
            var cold = firstCold.GetValueOrDefault(id);
            line += $"; fetched from S3 {fetched / size,6:P2} in {requests:0} GETs (steady, kept profile)" +
                    (cold is null ? "" : $"; first of the build {cold.S3BytesFetched / size:P2} in {cold.S3Requests:0} GETs") +
                    (bytesMet ? "" : $"  GOAL NOT MET (≤ {bytesGoal:P0})");
        }
        Console.WriteLine(line);
    }
    return ok;
}

async Task<bool> ThroughputAsync()
{
    string storeRoot = Path.Combine(work, "throughput-blobs");
    var storage = new Dictionary<string, string> { ["Storage__Provider"] = "Local", ["Storage__LocalPath"] = storeRoot };
    string database = await BenchService.CreateDatabaseAsync(server);
    var (apiKey, _) = await BenchService.SeedAsync(database, storage, "throughput bench");
    var environment = HostEnvironment(storage, database);
    environment["Worker__RunInProcess"] = "false";
    await using (var app = await ServerProcess.StartAsync(environment, TimeSpan.FromSeconds(90)))
    {
        using var http = Client(app, apiKey);
        for (int i = 0; i < queued; i++)
        {
            string caseId = await AnalysisProbe.CreateCaseAsync(http, $"throughput {i}");
            await AnalysisProbe.UploadDumpAsync(http, caseId, dumps[ids[i % ids.Length]]);
        }
    }
    var workerEnvironment = new Dictionary<string, string>
    {
        ["Worker__PollInterval"] = "00:00:05", ["Logging__LogLevel__Default"] = "Warning", ["Logging__LogLevel__Hangfire"] = "Warning",
        ["Analysis__Engine__Mode"] = engineMode, ["Analysis__Engine__Path"] = cli,
    };
    return await Throughput.RunAsync(database, storeRoot, workers: 2, queued, workerEnvironment);
}

Dictionary<string, string> HostEnvironment(Dictionary<string, string> storage, string database) => new(storage)
{
    ["Database__ConnectionString"] = database, ["Database__MigrateOnStart"] = "false", ["Worker__RunInProcess"] = "true",
    ["Bootstrap__Enabled"] = "false", ["Logging__LogLevel__Default"] = "Warning",
    ["Telemetry__Prometheus__Enabled"] = "true", ["Telemetry__Prometheus__ScrapeToken"] = scrapeToken,
    ["Analysis__Engine__Mode"] = engineMode, ["Analysis__Engine__Path"] = cli,
};

AnalysisProbe Probe(ServerProcess app, string apiKey, string database) => new(Client(app, apiKey), database, scrapeToken);

static HttpClient Client(ServerProcess app, string apiKey)
{
    var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl + "/"), Timeout = TimeSpan.FromMinutes(5) };
    http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    return http;
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
