using System.Diagnostics;
using System.Text.RegularExpressions;
using Crashdesk.TestSupport;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// Ctrl-C on a <c>foreach bt -f</c> that has been running for seconds: a server of its own reads the object store
/// through <see cref="SlowLink"/>, fast while the dump is uploaded, analysed and each console session opens it, then
/// slowed so that every ranged GET of the dump costs a round trip to a distant store. Nothing in the product
/// waits on purpose: the command is long because the cold stacks of 69 tasks are fetched block by block.
/// The administrator's session runs the command to its end first (how long it takes uncancelled, and how many
/// tasks it prints); the engineer's own session then cancels it part way and asks <c>sys</c>.
/// Expected text: crash's <c>sys</c> reference (crash/sys.txt) and the task count of drgn's reading (drgn.json).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ConsoleCancelTests(Browser browser, ITestOutputHelper output)
{
    private const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    /// <summary>A round trip to an object store on another continent, per ranged GET.</summary>
    private static readonly TimeSpan _roundTrip = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task CtrlCStopsAForeachBtThatHasBeenReadingTheDumpForSecondsAndTheSessionAnswersSysNext()
    {
        var dump = DumpFixture.Load(Fixture);
        await using var link = new SlowLink(new Uri(TestServices.S3ServiceUrl));
        var app = new CrashdeskApp("Warning", new Dictionary<string, string> { ["Storage__S3__ServiceUrl"] = link.Url.ToString() });
        await app.InitializeAsync();
        try
        {
            var page = await browser.NewPageAsync(app.BaseUrl);
            var ui = new CrashdeskUi(page);
            await Screenshots.OnFailureAsync(page, nameof(CtrlCStopsAForeachBtThatHasBeenReadingTheDumpForSecondsAndTheSessionAnswersSysNext), output, async () =>
            {
                await ui.SignInAsync(app.Email, app.Password);
                await page.WaitForURLAsync("**/cases");
                Guid caseId = await ui.CreateAnalysedCaseAsync(app, dump, $"slow console #{Guid.NewGuid().ToString("N")[..8]}", "SUP-2122", "sysrq-c over a slow object store.");
                var engineer = await OpenConsoleAsync(ui);
                await RunToEndAsync(engineer, "sys", 0);
                await RunToEndAsync(engineer, "bt", 1);

                var adminPage = await browser.NewPageAsync(app.BaseUrl);
                var admin = new CrashdeskUi(adminPage);
                await admin.SignInAsync(app.AdminEmail, app.AdminPassword);
                await adminPage.WaitForURLAsync("**/cases");
                await adminPage.GotoAsync($"/cases/{caseId}");
                await admin.WaitForInteractiveAsync();
                var adminConsole = await OpenConsoleAsync(admin);
                await RunToEndAsync(adminConsole, "sys", 0);
                await RunToEndAsync(adminConsole, "bt", 1);

                // Both sessions have the dump open, their task list read and their unwinder set up (bt of the panic task);
                // every other stack page is still cold. (A session's task list and unwinder are built once, by its first
                // command that needs them, and that does not stop at Ctrl-C: with them cold, a cancel lands when they
                // are done, before any task is printed.)
                link.Delay = _roundTrip;
                long readsBefore = link.DelayedReads;
                var clock = Stopwatch.StartNew();
                string whole = await RunToEndAsync(adminConsole, "foreach bt -f", 2, TimeSpan.FromMinutes(2));
                var uncancelled = clock.Elapsed;
                int wholeTasks = Headers(whole);
                output.WriteLine($"foreach bt -f uncancelled over the slow link: {uncancelled.TotalSeconds:0.0} s, {link.DelayedReads - readsBefore} delayed GETs, {wholeTasks} tasks printed");
                Assert.Equal(dump.DrgnTaskCount, wholeTasks);
                Assert.True(uncancelled > TimeSpan.FromSeconds(4), $"foreach bt -f took only {uncancelled.TotalSeconds:0.0} s uncancelled: too short to cancel part way");
                await adminPage.Context.CloseAsync();

                // The engineer's session has its own cold cache: the same command, stopped a third of the way in.
                await engineer.Input.FillAsync("foreach bt -f");
                clock.Restart();
                await engineer.Input.PressAsync("Enter");
                var running = engineer.Entries.Nth(2);
                await Assertions.Expect(running).ToHaveAttributeAsync("data-status", "running", new() { Timeout = 30_000 });
                await Task.Delay(uncancelled / 3 - clock.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
                await Assertions.Expect(running).ToHaveAttributeAsync("data-status", "running", new() { Timeout = 1 });
                await Assertions.Expect(running.Locator("[data-testid=console-note]")).ToHaveTextAsync("running… (Ctrl-C stops it)");
                await Screenshots.SaveAsync(page, "case-console-foreach-bt-running", output);
                var ranFor = clock.Elapsed;
                await engineer.Input.PressAsync("Control+c");
                await Assertions.Expect(running).ToHaveAttributeAsync("data-status", "cancelled", new() { Timeout = 30_000 });
                var stoppedAfter = clock.Elapsed - ranFor;
                await Assertions.Expect(running.Locator("[data-testid=console-note]")).ToHaveTextAsync("^C cancelled");
                string part = await running.Locator("[data-testid=console-output]").InnerTextAsync();
                int partTasks = Headers(part);
                output.WriteLine($"cancelled after {ranFor.TotalSeconds:0.0} s of running, stopped {stoppedAfter.TotalSeconds:0.0} s after Ctrl-C, {partTasks} of {wholeTasks} tasks printed");
                Assert.InRange(partTasks, 1, wholeTasks - 1);
                Assert.True(clock.Elapsed < uncancelled, $"the cancelled command ended after {clock.Elapsed.TotalSeconds:0.0} s, no sooner than the whole run ({uncancelled.TotalSeconds:0.0} s)");
                // What it printed before the cancel is the whole run's beginning, task for task.
                Assert.StartsWith(Prefix(part, partTasks), whole, StringComparison.Ordinal);
                await Screenshots.SaveAsync(page, "case-console-foreach-bt-cancelled", output);

                // The session is not broken: the next command answers as crash's sys does.
                string sys = await RunToEndAsync(engineer, "sys", 3);
                Assert.Contains($"     RELEASE: {dump.Sys("RELEASE")}\n", sys, StringComparison.Ordinal);
                Assert.Contains($"       PANIC: {dump.Sys("PANIC")}", sys, StringComparison.Ordinal);
            });
        }
        catch
        {
            output.WriteLine("server output:\n" + app.Server.RecentOutput);
            throw;
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<ConsoleView> OpenConsoleAsync(CrashdeskUi ui)
    {
        await ui.OpenTabAsync("console");
        var view = new ConsoleView(ui.Page.Locator("[data-testid=console-input]"), ui.Page.Locator("[data-testid=console-entry]"));
        await Assertions.Expect(ui.Page.Locator("[data-testid=console-dump]")).ToBeVisibleAsync();
        return view;
    }

    /// <summary>Runs a line as the <paramref name="index"/>-th entry of the console and returns its output once done.</summary>
    private static async Task<string> RunToEndAsync(ConsoleView console, string line, int index, TimeSpan? timeout = null)
    {
        await console.Input.FillAsync(line);
        await console.Input.PressAsync("Enter");
        var entry = console.Entries.Nth(index);
        await Assertions.Expect(entry.Locator(".cd-console-prompt")).ToHaveTextAsync($"crash> {line}");
        await Assertions.Expect(entry).ToHaveAttributeAsync("data-status", "done", new() { Timeout = (float)(timeout ?? TimeSpan.FromMinutes(1)).TotalMilliseconds });
        return await entry.Locator("[data-testid=console-output]").InnerTextAsync();
    }

    /// <summary>crash's bt prints one "PID: … TASK: …" header per task.</summary>
    private static int Headers(string text) => HeaderLine().Matches(text).Count;

    /// <summary>The text up to the start of the last header: the tasks printed whole (a cancel may cut the last one).</summary>
    private static string Prefix(string text, int headers)
    {
        var matches = HeaderLine().Matches(text);
        return headers == 0 ? "" : text[..matches[headers - 1].Index];
    }

    private static Regex HeaderLine() => new(@"^PID: +\d+ +TASK: [0-9a-f]+", RegexOptions.Multiline);

    private sealed record ConsoleView(ILocator Input, ILocator Entries);
}
