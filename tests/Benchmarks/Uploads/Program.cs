using System.Diagnostics;
using System.Globalization;
using Crashdesk.Benchmarks.Shared;
using Crashdesk.Cli.Upload;
using Crashdesk.Web.E2E.Support;

// The resumable-upload benchmark (tests/Benchmarks/bench-uploads.sh): one file of N GiB (default 4) sent through
// the session protocol by the CLI's client, 8 MiB PATCHes over loopback, to the real Api host as a child process,
// on the local store and on S3 (s3rver). Prints MB/s and the host's RSS growth (VmRSS sampled every 100 ms,
// peak − before the upload; goals: ≥ 200 MB/s on the local store, growth < 100 MB).
double gib = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 4;
string server = Environment.GetEnvironmentVariable("CRASHDESK_BENCH_PG") ?? throw new InvalidOperationException("CRASHDESK_BENCH_PG is not set: run bench-uploads.sh");
string? s3 = Environment.GetEnvironmentVariable("CRASHDESK_BENCH_S3");
long length = (long)(gib * 1024 * 1024 * 1024);
string work = Directory.CreateTempSubdirectory("crashdesk-bench-uploads-").FullName;
string source = Path.Combine(work, "source.bin");
Console.WriteLine($"writing a {length / 1e9:0.00} GB file of pseudo-random bytes…");
await using (var file = File.Create(source))
{
    var buffer = new byte[8 << 20];
    var random = new Random(1);
    for (long written = 0; written < length; written += buffer.Length)
    {
        random.NextBytes(buffer);
        await file.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - written)));
    }
}

bool ok = true;
try
{
    ok &= await RunAsync("local", new Dictionary<string, string> { ["Storage__Provider"] = "Local", ["Storage__LocalPath"] = Path.Combine(work, "blobs") }, goal: 200);
    if (s3 is not null)
    {
        ok &= await RunAsync("s3rver", BenchService.S3rverStorage(s3, work), goal: null);
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}
return ok ? 0 : 1;

async Task<bool> RunAsync(string name, Dictionary<string, string> storage, double? goal)
{
    string database = await BenchService.CreateDatabaseAsync(server);
    var (apiKey, caseId) = await BenchService.SeedAsync(database, storage, "upload bench");

    var environment = new Dictionary<string, string>(storage)
    {
        ["Database__ConnectionString"] = database, ["Database__MigrateOnStart"] = "false", ["Worker__RunInProcess"] = "false",
        ["Bootstrap__Enabled"] = "false", ["Logging__LogLevel__Default"] = "Warning",
    };
    await using var app = await ServerProcess.StartAsync(environment, TimeSpan.FromSeconds(90));
    using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
    var client = new TusClient(http, new Uri(app.BaseUrl + "/"), apiKey);
    await using var file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
    var session = await client.CreateAsync(caseId, "bench.bin", "other", length, null, CancellationToken.None);

    long before = BenchService.Rss(app.ProcessId), peak = before;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            peak = Math.Max(peak, BenchService.Rss(app.ProcessId));
            await Task.Delay(100);
        }
    });
    var watch = Stopwatch.StartNew();
    var result = await new ResumableUpload(client, new SequentialChunks(), new UploadSettings(), Console.WriteLine)
        .RunAsync(session, file, length, null, null, CancellationToken.None);
    watch.Stop();
    await sampling.CancelAsync();
    await sampler;
    double rate = length / 1e6 / watch.Elapsed.TotalSeconds;
    double growth = (peak - before) / 1e6;
    bool met = (goal is null || rate >= goal) && growth < 100;
    Console.WriteLine($"{name}: {length / 1e9:0.00} GB in {watch.Elapsed.TotalSeconds:0.0} s = {rate:0} MB/s (goal {(goal is null ? "none" : $"≥ {goal} MB/s")}); " +
        $"server RSS {before / 1e6:0} MB before, peak {peak / 1e6:0} MB, growth {growth:0} MB (goal < 100 MB); artifact {result.ArtifactId}{(met ? "" : "  GOAL NOT MET")}");
    return met;
}
