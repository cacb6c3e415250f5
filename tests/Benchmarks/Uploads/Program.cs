using System.Diagnostics;
using System.Globalization;
using Crashdesk.Cli.Upload;
using Crashdesk.Core;
using Crashdesk.Core.Data.Migrations;
using Crashdesk.Core.Services;
using Crashdesk.Web.E2E.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

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
        ok &= await RunAsync("s3rver", new Dictionary<string, string>
        {
            ["Storage__Provider"] = "S3", ["Storage__S3__ServiceUrl"] = s3, ["Storage__S3__Bucket"] = "crashdesk-bench",
            ["Storage__S3__AccessKey"] = "S3RVER", ["Storage__S3__SecretKey"] = "S3RVER", ["Storage__S3__StagingPath"] = Path.Combine(work, "s3-staging"),
        }, goal: null);
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}
return ok ? 0 : 1;

async Task<bool> RunAsync(string name, Dictionary<string, string> storage, double? goal)
{
    string databaseName = $"crashdesk_bench_{Guid.NewGuid():N}";
    await using (var admin = new NpgsqlConnection(server))
    {
        await admin.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE {databaseName}", admin).ExecuteNonQueryAsync();
    }
    string database = new NpgsqlConnectionStringBuilder(server) { Database = databaseName }.ConnectionString;
    await new SqlMigrationRunner(NullLogger<SqlMigrationRunner>.Instance).MigrateAsync(database, SqlMigrationSource.Load(SqlMigrationSource.DefaultDirectory));

    // A tenant, a key and a case, made through the services (as the Desk benchmark seeds).
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    var settings = new Dictionary<string, string?> { ["Database:ConnectionString"] = database };
    foreach (var (k, v) in storage)
        settings[k.Replace("__", ":", StringComparison.Ordinal)] = v;
    builder.Configuration.AddInMemoryCollection(settings);
    builder.AddCrashdeskCore();
    string apiKey;
    Guid caseId;
    using (var host = builder.Build())
    await using (var scope = host.Services.CreateAsyncScope())
    {
        var org = await scope.ServiceProvider.GetRequiredService<IOrganizationService>().EnsureAsync("Bench Support Centre");
        var caller = await scope.ServiceProvider.GetRequiredService<IUserService>().CreateAsync(org, "bench@crashdesk.test", "Bench", Guid.NewGuid().ToString(), Crashdesk.Core.Auth.OrganizationRole.Engineer);
        apiKey = (await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync(caller, new NewApiKey("bench"))).Secret;
        caseId = (await scope.ServiceProvider.GetRequiredService<ICaseService>().CreateAsync(caller, new NewCase("upload bench", "ACME", null, null))).Id;
    }

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

    long before = Rss(app.ProcessId), peak = before;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            peak = Math.Max(peak, Rss(app.ProcessId));
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

static long Rss(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
    return 0;
}
