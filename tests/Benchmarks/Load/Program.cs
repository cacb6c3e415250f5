using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Crashdesk.Benchmarks.Shared;
using Crashdesk.Web.E2E.Support;

// The load test (tests/Benchmarks/bench-load.sh): the real Api host with its in-process worker on loopback, then for
// a bounded time (default 5 minutes) 20 uploaders sending fixture dumps to new cases and 200 readers listing cases and
// reading cases and reports, as a support centre's portal and its engineers would. Prints per request kind the count
// and p50/p95/p99 latency, every status that is not 2xx (goal: no 5xx), the analyses completed, and the host's RSS
// over time. It stops by itself: at the deadline the clients stop, then it waits (bounded) for the queued analyses.
string server = Environment.GetEnvironmentVariable("CRASHDESK_BENCH_PG") ?? throw new InvalidOperationException("CRASHDESK_BENCH_PG is not set: run bench-load.sh");
var duration = TimeSpan.FromMinutes(args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5);
int uploaders = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
int readers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
string[] fixtures = ["mini-6.1-lockdep/sysrq-c/kdump-zstd", "mini-6.1-lockdep/hung-mutex/kdump-zstd", "mini-6.1-lockdep/oops-null/kdump-zstd", "debian-6.1-cloud/sysrq-c/kdump-zlib"];
string[] dumps = [.. fixtures.Select(id => FixtureFiles.Dump(id, JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureFiles.Root, "dumps", id, "meta.json"))).RootElement.GetProperty("dump").GetString()!))];

string work = Directory.CreateTempSubdirectory("crashdesk-bench-load-").FullName;
try
{
    var storage = new Dictionary<string, string> { ["Storage__Provider"] = "Local", ["Storage__LocalPath"] = Path.Combine(work, "blobs") };
    string database = await BenchService.CreateDatabaseAsync(server);
    var (apiKey, firstCase) = await BenchService.SeedAsync(database, storage, "load bench");
    var environment = new Dictionary<string, string>(storage)
    {
        ["Database__ConnectionString"] = database, ["Database__MigrateOnStart"] = "false", ["Worker__RunInProcess"] = "true",
        ["Bootstrap__Enabled"] = "false", ["Logging__LogLevel__Default"] = "Warning",
    };
    await using var app = await ServerProcess.StartAsync(environment, TimeSpan.FromSeconds(90));
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = uploaders + readers + 8 })
    {
        BaseAddress = new Uri(app.BaseUrl + "/"), Timeout = TimeSpan.FromMinutes(2),
    };
    http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);

    var samples = new ConcurrentDictionary<string, ConcurrentBag<double>>();
    var statuses = new ConcurrentDictionary<string, int>();
    var cases = new ConcurrentBag<string> { firstCase.ToString() };
    var rss = new List<(double Seconds, long Bytes)>();
    var clock = Stopwatch.StartNew();
    using var stop = new CancellationTokenSource(duration);

    async Task<HttpResponseMessage?> TimedAsync(string kind, Func<Task<HttpResponseMessage>> send)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var response = await send();
            samples.GetOrAdd(kind, _ => []).Add(watch.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
                statuses.AddOrUpdate($"{kind} {(int)response.StatusCode}", 1, (_, n) => n + 1);
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            statuses.AddOrUpdate($"{kind} {e.GetType().Name}", 1, (_, n) => n + 1);
            return null;
        }
    }

    async Task UploadLoopAsync(int n)
    {
        var random = new Random(n);
        while (!stop.IsCancellationRequested)
        {
            using var created = await TimedAsync("POST /cases", () => http.PostAsJsonAsync("api/v1/cases", new { title = $"load {n}", customer = "ACME" }));
            if (created is not { IsSuccessStatusCode: true })
                continue;
            string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            string dump = dumps[random.Next(dumps.Length)];
            await using var file = File.OpenRead(dump);
            using var stored = await TimedAsync("PUT artifact", () => http.PutAsync($"api/v1/cases/{id}/artifacts/{Path.GetFileName(dump)}?kind=vmcore", new StreamContent(file)));
            if (stored is { IsSuccessStatusCode: true })
                cases.Add(id);
        }
    }

    async Task ReadLoopAsync(int n)
    {
        var random = new Random(1000 + n);
        while (!stop.IsCancellationRequested)
        {
            string id = cases.ElementAtOrDefault(random.Next(Math.Max(1, cases.Count))) ?? firstCase.ToString();
            (string Kind, string Url) pick = random.Next(4) switch
            {
                0 => ("GET /cases", "api/v1/cases?limit=20"),
                1 => ("GET /cases/{id}", $"api/v1/cases/{id}"),
                2 => ("GET /cases/{id}/report", $"api/v1/cases/{id}/report"),
                _ => ("GET /cases?q=", "api/v1/cases?q=panic&limit=20"),
            };
            using var response = await TimedAsync(pick.Kind, () => http.GetAsync(pick.Url));
            if (response is not null)
                await response.Content.ReadAsByteArrayAsync();
        }
    }

    var sampler = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            lock (rss)
                rss.Add((clock.Elapsed.TotalSeconds, BenchService.Rss(app.ProcessId)));
            try
            {
                await Task.Delay(1000, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    });
    Console.WriteLine($"load: {uploaders} uploaders, {readers} readers for {duration.TotalMinutes:0.#} min against {app.BaseUrl} …");
    await Task.WhenAll(Enumerable.Range(0, uploaders).Select(UploadLoopAsync).Concat(Enumerable.Range(0, readers).Select(ReadLoopAsync)).Append(sampler));
    double loadSeconds = clock.Elapsed.TotalSeconds;

    // The clients stopped: the queued analyses finish (bounded), then they are counted.
    var drainUntil = DateTime.UtcNow + TimeSpan.FromMinutes(5);
    int done = 0, failed = 0, pending = 0;
    var failures = new Dictionary<string, int>();
    while (true)
    {
        (done, failed, pending) = (0, 0, 0);
        failures.Clear();
        foreach (string id in cases.Distinct())
        {
            var details = await http.GetFromJsonAsync<JsonElement>($"api/v1/cases/{id}");
            foreach (var analysis in details.GetProperty("analyses").EnumerateArray())
            {
                switch (analysis.GetProperty("status").GetString())
                {
                    case "done": done++; break;
                    case "failed":
                        failed++;
                        string why = analysis.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "(no error)";
                        failures[why] = failures.GetValueOrDefault(why) + 1;
                        break;
                    default: pending++; break;
                }
            }
        }
        if (pending == 0 || DateTime.UtcNow > drainUntil)
            break;
        await Task.Delay(2000);
    }

    Console.WriteLine($"\n{"request",-24} {"count",7} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
    foreach (var (kind, bag) in samples.OrderBy(k => k.Key, StringComparer.Ordinal))
    {
        var sorted = bag.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine($"{kind,-24} {sorted.Length,7} {P(0.50),8:0.0} {P(0.95),8:0.0} {P(0.99),8:0.0} {sorted[^1],8:0.0}");
    }
    int serverErrors = statuses.Where(s => System.Text.RegularExpressions.Regex.IsMatch(s.Key, @" 5\d\d$")).Sum(s => s.Value);
    Console.WriteLine(statuses.IsEmpty ? "\nevery answer was 2xx" : "\nanswers that were not 2xx: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} ×{s.Value}"))
        + " (a report's 404: that case's analysis had not finished yet)");
    Console.WriteLine($"{samples.Values.Sum(b => b.Count)} requests in {loadSeconds:0} s = {samples.Values.Sum(b => b.Count) / loadSeconds:0} per second; 5xx: {serverErrors} (goal 0)");
    Console.WriteLine($"analyses: {done} done, {failed} failed, {pending} still queued or running after the drain; {cases.Count - 1} dumps stored");
    foreach (var (why, count) in failures.OrderByDescending(f => f.Value).Take(5))
        Console.WriteLine($"  failed ×{count}: {why}");
    lock (rss)
    {
        var mb = rss.Select(r => r.Bytes / 1e6).ToArray();
        Console.WriteLine($"host RSS (Api with its in-process worker): start {mb.FirstOrDefault():0} MB, peak {mb.DefaultIfEmpty().Max():0} MB, end {mb.LastOrDefault():0} MB; per minute: " +
            string.Join(" ", rss.Where((_, i) => i % 60 == 0).Select(r => $"{r.Seconds / 60:0}m:{r.Bytes / 1e6:0}")));
    }
    return serverErrors == 0 && failed == 0 ? 0 : 1;
}
finally
{
    Directory.Delete(work, recursive: true);
}
