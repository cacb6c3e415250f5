// The desk benchmark: the case list's queries over 100 000 cases and 500 000 notes in real
// PostgreSQL, and a 200 000-line kernel log in Chromium (time to first paint, time to a search hit).
// Run by tests/Benchmarks/bench-desk.sh, which starts a private PostgreSQL and sets CRASHDESK_BENCH_PG.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Crashdesk.Analysis.Reports;
using Crashdesk.Benchmarks.Desk;
using Crashdesk.Core;
using Crashdesk.Core.Data;
using Crashdesk.Core.Data.Migrations;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Services;
using Crashdesk.Web.E2E.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Npgsql;

// "environment" as the first argument times the sosreport import and the compare instead (bench-environment.sh);
// "groups" the crash groups, known issues and dashboard (bench-groups.sh).
string mode = args.Length > 0 && args[0] is "environment" or "groups" ? args[0] : "desk";
int cases = mode == "desk" && args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
int notes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500_000;
int logLines = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200_000;
string server = Environment.GetEnvironmentVariable("CRASHDESK_BENCH_PG")
    ?? throw new InvalidOperationException("CRASHDESK_BENCH_PG is not set: run tests/Benchmarks/bench-desk.sh");
string databaseName = $"crashdesk_bench_{Guid.NewGuid():N}";
await using (var admin = new NpgsqlConnection(server))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"CREATE DATABASE {databaseName}", admin).ExecuteNonQueryAsync();
}
string database = new NpgsqlConnectionStringBuilder(server) { Database = databaseName }.ConnectionString;
await new SqlMigrationRunner(NullLogger<SqlMigrationRunner>.Instance).MigrateAsync(database, SqlMigrationSource.Load(SqlMigrationSource.DefaultDirectory));

string storage = Directory.CreateTempSubdirectory("crashdesk-bench-").FullName;
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:ConnectionString"] = database,
    ["Storage:Provider"] = "Local",
    ["Storage:LocalPath"] = storage,
});
builder.AddCrashdeskCore();
using var host = builder.Build();

const string email = "bench@crashdesk.test";
string password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
Caller caller;
var users = new List<Guid>();
await using (var scope = host.Services.CreateAsyncScope())
{
    Guid org = await scope.ServiceProvider.GetRequiredService<IOrganizationService>().EnsureAsync("Bench Support Centre");
    var userService = scope.ServiceProvider.GetRequiredService<IUserService>();
    caller = await userService.CreateAsync(org, email, "Bench Engineer", password, Crashdesk.Core.Auth.OrganizationRole.Engineer);
    users.Add(caller.UserId);
    for (int i = 1; i < 20; i++)
        users.Add((await userService.CreateAsync(org, $"engineer{i}@crashdesk.test", $"Engineer {i}", password, Crashdesk.Core.Auth.OrganizationRole.Engineer)).UserId);
}

if (mode == "environment")
    return await EnvironmentBench.RunAsync(host.Services, caller) ? 0 : 1;
if (mode == "groups")
    return await GroupsBench.RunAsync(host.Services, caller, database,
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5_000) ? 0 : 1;

Console.WriteLine($"seeding {cases:N0} cases and {notes:N0} notes…");
var seed = Stopwatch.StartNew();
await DeskSeed.RunAsync(database, caller.OrganizationId, [.. users], cases, notes);
Console.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:F1} s");

// Each query through the service, as the list page and GET /api/v1/cases run it (fresh scope per run).
var scenarios = new (string Name, CaseQuery Query)[]
{
    ("newest first (no filter)", new CaseQuery()),
    ("status = triaging", new CaseQuery { Statuses = ["triaging"] }),
    ("assignee = mine, open", new CaseQuery { Assignee = "mine", Statuses = ["new", "triaging", "waiting-for-customer"] }),
    ("tag = ext4", new CaseQuery { Tag = "ext4" }),
    ("class + kernel prefix", new CaseQuery { CrashClass = "hung-task", KernelRelease = "6.1" }),
    ("customer", new CaseQuery { Customer = "customer-42" }),
    ("priority P1, sort by priority", new CaseQuery { Priorities = ["P1"], Sort = CaseSort.Priority }),
    ("search: one word (common)", new CaseQuery { Text = "nvme", Sort = CaseSort.Relevance }),
    ("search: two words", new CaseQuery { Text = "zswap kvm", Sort = CaseSort.Relevance }),
    ("search: phrase", new CaseQuery { Text = "\"page fault\" jbd2", Sort = CaseSort.Relevance }),
    ("search: note-only word", new CaseQuery { Text = "stack", Sort = CaseSort.Relevance }),
    ("search + status filter", new CaseQuery { Text = "mlx5", Statuses = ["new"] }),
    ("search: rare ticket", new CaseQuery { Text = "SUP-77777" }),
    ("page 200 (offset 9 950)", new CaseQuery { Page = 200 }),
};
Console.WriteLine();
Console.WriteLine($"{"query (page of 50)",-34} {"matches",9} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
double worstP95 = 0;
foreach (var (name, query) in scenarios)
{
    var times = new List<double>();
    int total = 0;
    for (int run = 0; run < 45; run++)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ICaseService>();
        var watch = Stopwatch.StartNew();
        var page = await service.ListAsync(caller, query with { PageSize = 50 });
        watch.Stop();
        total = page.Total;
        if (run >= 5)
            times.Add(watch.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    double p95 = Percentile(times, 0.95);
    worstP95 = Math.Max(worstP95, p95);
    Console.WriteLine($"{name,-34} {total,9:N0} {Percentile(times, 0.5),8:F1} {p95,8:F1} {times[^1],8:F1}");
}
Console.WriteLine($"worst p95 {worstP95:F1} ms (goal < 100 ms): {(worstP95 < 100 ? "met" : "NOT met")}");

// The same deep page by cursor (keyset), as GET /api/v1/cases pages: the client walks to page 200 (the walk is timed
// too), then page 200 is read again and again with the cursor page 199 gave.
var cursorScenarios = new (string Name, CaseQuery Query)[]
{
    ("cursor page 200, newest first", new CaseQuery()),
    ("cursor page 200, by priority", new CaseQuery { Sort = CaseSort.Priority }),
    ("cursor page 200, by title", new CaseQuery { Sort = CaseSort.Title, Descending = false }),
    ("cursor page 200, by kernel", new CaseQuery { Sort = CaseSort.Kernel }),
};
Console.WriteLine();
Console.WriteLine($"{"query (page of 50)",-34} {"walk s",9} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
foreach (var (name, query) in cursorScenarios)
{
    string? cursor = null;
    var walk = Stopwatch.StartNew();
    for (int page = 1; page < 200; page++)
    {
        await using var scope = host.Services.CreateAsyncScope();
        cursor = (await scope.ServiceProvider.GetRequiredService<ICaseService>().ListAsync(caller, query, new Crashdesk.Core.Paging.PageRequest(cursor, 50))).NextCursor
            ?? throw new InvalidOperationException($"{name}: the list ended before page 200");
    }
    walk.Stop();
    var times = new List<double>();
    for (int run = 0; run < 45; run++)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ICaseService>();
        var watch = Stopwatch.StartNew();
        var page = await service.ListAsync(caller, query, new Crashdesk.Core.Paging.PageRequest(cursor, 50));
        watch.Stop();
        if (page.Items.Count != 50)
            throw new InvalidOperationException($"{name}: page 200 has {page.Items.Count} cases");
        if (run >= 5)
            times.Add(watch.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    Console.WriteLine($"{name,-34} {walk.Elapsed.TotalSeconds,9:F1} {Percentile(times, 0.5),8:F1} {Percentile(times, 0.95),8:F1} {times[^1],8:F1}");
}
if (logLines <= 0)
    return 0;

// A case whose report has a logLines-line kernel log (the fixture's log repeated, a needle near the end).
string fixtureLog = File.ReadAllText(FixtureFiles.Dump("debian-6.1-cloud/sysrq-c/kdump-zlib", "crash/log.txt"));
string[] fixtureLines = fixtureLog.TrimEnd('\n').Split('\n');
string needle = $"needle-{Guid.NewGuid():N}";
var log = new StringBuilder();
for (int i = 0; i < logLines; i++)
    log.Append(i == logLines - 1000 ? $"[99999.000000] {needle}: the line the search must find" : fixtureLines[i % fixtureLines.Length]).Append('\n');
Guid caseId;
await using (var scope = host.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
    var kase = new Case { OrganizationId = caller.OrganizationId, Title = "a 200 000-line log", Customer = "bench" };
    var artifact = new Artifact { CaseId = kase.Id, FileName = "console.txt", Kind = ArtifactKind.ConsoleLog, StorageKey = $"bench/{Guid.NewGuid():N}", Size = log.Length, Sha256 = new string('0', 64) };
    var job = new AnalysisJob { CaseId = kase.Id, ArtifactId = artifact.Id, Status = AnalysisJobStatus.Done, Progress = 100 };
    var report = new AnalysisReport { KernelLog = log.ToString(), PanicLine = "Kernel panic - not syncing: sysrq triggered crash" };
    db.AddRange(kase, artifact, job);
    db.Reports.Add(new Report
    {
        CaseId = kase.Id, AnalysisJobId = job.Id, ArtifactId = artifact.Id, Version = 1, SchemaVersion = report.SchemaVersion,
        PanicLine = report.PanicLine, Content = JsonSerializer.Serialize(report, ReportJson.Options), IsLog = true,
    });
    await db.SaveChangesAsync();
    caseId = kase.Id;
}

// The report read the case page does for it (database + JSON), in this process, for comparison.
var reads = new List<double>();
for (int run = 0; run < 4; run++)
{
    await using var scope = host.Services.CreateAsyncScope();
    var watch = Stopwatch.StartNew();
    _ = await scope.ServiceProvider.GetRequiredService<IReportService>().GetLatestAsync(caller, caseId);
    if (run > 0)
        reads.Add(watch.Elapsed.TotalMilliseconds);
}
reads.Sort();
Console.WriteLine($"reading that case's report (database + JSON, {log.Length / 1024 / 1024} MiB of log): {Percentile(reads, 0.5):F0} ms");

await using var app = await ServerProcess.StartAsync(new Dictionary<string, string>
{
    ["Database__ConnectionString"] = database,
    ["Database__MigrateOnStart"] = "false",
    ["Storage__Provider"] = "Local",
    ["Storage__LocalPath"] = storage,
    ["Worker__RunInProcess"] = "false",
    ["Bootstrap__Enabled"] = "false",
    ["Logging__LogLevel__Default"] = "Warning",
}, TimeSpan.FromSeconds(90));
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = Environment.GetEnvironmentVariable("CRASHDESK_CHROMIUM") ?? "/usr/bin/chromium",
    Headless = true,
    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
context.SetDefaultTimeout(60_000);
var browserPage = await context.NewPageAsync();
await new CrashdeskUi(browserPage).SignInAsync(email, password);
await browserPage.WaitForURLAsync("**/cases");

var paints = new List<double>();
var hits = new List<double>();
var prerendered = new List<double>();
var interactive = new List<double>();
for (int run = 0; run < 4; run++)
{
    await browserPage.GotoAsync("/cases?pageSize=1"); // leave the page: each run is a real navigation
    var watch = Stopwatch.StartNew();
    await browserPage.GotoAsync($"/cases/{caseId}#log", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
    await browserPage.Locator("[data-testid=case-page]").WaitForAsync();
    double shown = watch.Elapsed.TotalMilliseconds;
    await browserPage.Locator("[data-testid=case-page][data-interactive=true]").WaitForAsync();
    double live = watch.Elapsed.TotalMilliseconds;
    await browserPage.Locator("[data-testid=tab-log].active").WaitForAsync();
    double tab = watch.Elapsed.TotalMilliseconds;
    await browserPage.Locator("[data-testid=kernel-log-text]").WaitForAsync();
    double panel = watch.Elapsed.TotalMilliseconds;
    Console.WriteLine($"  run {run}: shown {shown:F0}, interactive {live:F0}, log tab {tab:F0}, log panel {panel:F0} ms");
    await browserPage.Locator("[data-testid=kernel-log-text] .cd-line").First.WaitForAsync();
    double paint = watch.Elapsed.TotalMilliseconds;
    watch.Restart();
    await browserPage.FillAsync("[data-testid=kernel-log-filter]", needle);
    await browserPage.Locator("[data-testid=kernel-log-text] mark.cd-log-hit").First.WaitForAsync();
    double hit = watch.Elapsed.TotalMilliseconds;
    if (run > 0) // the first run also warms the server's JIT
    {
        paints.Add(paint);
        hits.Add(hit);
        prerendered.Add(shown);
        interactive.Add(live);
    }
}
paints.Sort();
hits.Sort();
prerendered.Sort();
interactive.Sort();
Console.WriteLine();
Console.WriteLine($"kernel log of {logLines:N0} lines in Chromium (median of {paints.Count}, after a warm-up run):");
Console.WriteLine($"  navigation → first log line painted: {Percentile(paints, 0.5),7:F0} ms (goal < 1000 ms): {(Percentile(paints, 0.5) < 1000 ? "met" : "NOT met")}");
Console.WriteLine($"    (of which: page shown {Percentile(prerendered, 0.5):F0} ms, interactive {Percentile(interactive, 0.5):F0} ms)");
Console.WriteLine($"  filter typed → first search hit shown: {Percentile(hits, 0.5),7:F0} ms (goal < 1000 ms): {(Percentile(hits, 0.5) < 1000 ? "met" : "NOT met")}");

Directory.Delete(storage, recursive: true);
return 0;

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
