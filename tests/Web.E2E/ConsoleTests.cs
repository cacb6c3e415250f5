using System.Text.RegularExpressions;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// crash in the browser: the console tab on the Debian sysrq-c dump (BTF gives types without a debug kernel).
/// Expected text comes from the fixture's crash references (crash/bt-a.txt) and meta.json (the panic task).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ConsoleTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    private const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Fact]
    public async Task TheConsoleRunsBtDashAFollowsAPidLinkPrintsATaskStructAndCtrlCStopsForeachBt()
    {
        var dump = DumpFixture.Load(Fixture);
        string panicTask = dump.Meta.GetProperty("panic_task").GetString()!;
        int panicPid = dump.Meta.GetProperty("panic_pid").GetInt32();
        // crash's bt -a: one "PID: … TASK: … CPU: … COMMAND: …" header per CPU.
        var crashHeaders = File.ReadLines(Path.Combine(dump.Folder, "crash", "bt-a.txt")).Where(l => l.StartsWith("PID:", StringComparison.Ordinal)).ToList();
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        try
        {
            await Screenshots.OnFailureAsync(page, nameof(TheConsoleRunsBtDashAFollowsAPidLinkPrintsATaskStructAndCtrlCStopsForeachBt), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await ui.CreateAnalysedCaseAsync(app, dump, $"console #{Guid.NewGuid().ToString("N")[..8]}", "SUP-2121", "sysrq-c, explored in the console.");

            await ui.OpenTabAsync("console");
            var input = page.Locator("[data-testid=console-input]");
            await Assertions.Expect(page.Locator("[data-testid=console-dump]")).ToContainTextAsync(dump.FileName);
            var entries = page.Locator("[data-testid=console-entry]");

            // Ctrl-C right after Enter, on the session's first command: the worker is still claiming it or opening
            // the dump (this fixture's foreach bt takes tens of milliseconds once open; a customer's 100 000 tasks
            // take minutes), and the panel sends the cancel as soon as the command has its id.
            await input.FillAsync("foreach bt");
            await input.PressAsync("Enter");
            await input.PressAsync("Control+c");
            var foreachEntry = entries.Nth(0);
            await Assertions.Expect(foreachEntry).ToHaveAttributeAsync("data-command-id", new Regex("^[0-9a-f-]{36}$"));
            await Assertions.Expect(foreachEntry).ToHaveAttributeAsync("data-status", "cancelled", new() { Timeout = 60_000 });
            await Assertions.Expect(foreachEntry.Locator("[data-testid=console-note]")).ToContainTextAsync("^C");

            await input.FillAsync("bt -a");
            await input.PressAsync("Enter");
            var btEntry = entries.Nth(1);
            await Assertions.Expect(btEntry).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 60_000 });
            string btText = await btEntry.Locator("[data-testid=console-output]").InnerTextAsync();
            foreach (string header in crashHeaders)
                Assert.Contains(header, btText, StringComparison.Ordinal);
            await Screenshots.SaveAsync(page, "case-console-bt-a", output);

            // A PID in bt's output is a link that runs bt of that PID.
            var pidLink = btEntry.Locator($".cd-console-link[data-command='bt {panicPid}']").First;
            await pidLink.ClickAsync();
            var pidEntry = entries.Nth(2);
            await Assertions.Expect(pidEntry.Locator(".cd-console-prompt")).ToHaveTextAsync($"crash> bt {panicPid}");
            await Assertions.Expect(pidEntry).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 60_000 });
            await Assertions.Expect(pidEntry.Locator("[data-testid=console-output]")).ToContainTextAsync(crashHeaders.Single(h => h.Contains($"TASK: {panicTask}", StringComparison.Ordinal)));

            // ↑ brings the last line back; Tab completes a command name.
            await input.PressAsync("ArrowUp");
            await Assertions.Expect(input).ToHaveValueAsync($"bt {panicPid}");
            await input.FillAsync("stru");
            await input.PressAsync("Tab");
            await Assertions.Expect(input).ToHaveValueAsync("struct ");

            await input.FillAsync($"struct task_struct {panicTask}");
            await input.PressAsync("Enter");
            var structEntry = entries.Nth(3);
            await Assertions.Expect(structEntry).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 60_000 });
            var structOutput = structEntry.Locator("[data-testid=console-output]");
            await Assertions.Expect(structOutput).ToContainTextAsync($"struct task_struct {{");
            await Assertions.Expect(structOutput).ToContainTextAsync(new Regex($@"\bpid = {panicPid},"));
            await Assertions.Expect(structOutput).ToContainTextAsync("comm = \"init\\000");
            await Screenshots.SaveAsync(page, "case-console-struct", output);
        });
        }
        catch
        {
            // What the host logged (a circuit's error, the worker's) says why the page did not answer.
            output.WriteLine("server output:\n" + app.Server.RecentOutput);
            throw;
        }
    }
}
