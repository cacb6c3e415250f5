using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// The case page's Locks and Backtraces panels in real Chromium, on the Debian hung-mutex dump (BTF gives the service
/// kernel types without a debug kernel; the mini kernel has no BTF, so no locks without a vmlinux).
/// Expected values come from the fixture's drgn.json (locks' owner and waiters, task states and
/// frames) and meta.json (the panic task).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class LockAndBacktracePanelsTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task TheLocksPanelDrawsTheMutexItsOwnerAndWaiterAndTheBacktracesPanelStartsWithThePanic()
    {
        var dump = DumpFixture.Load("debian-6.1-cloud/hung-mutex/kdump-zstd");
        using var drgn = JsonDocument.Parse(File.ReadAllText(Path.Combine(dump.Folder, "drgn.json")));
        var tasks = drgn.RootElement.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("pid").GetInt32());
        string Comm(int pid) => tasks[pid].GetProperty("comm").GetString()!;
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(TheLocksPanelDrawsTheMutexItsOwnerAndWaiterAndTheBacktracesPanelStartsWithThePanic), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await ui.CreateAnalysedCaseAsync(app, dump, $"hung mutex #{Guid.NewGuid().ToString("N")[..8]}", "SUP-6060", "Writers hang.");
            await ui.OpenTabAsync("locks");
            var locksPanel = page.Locator("[data-testid=locks]");
            await locksPanel.ScrollIntoViewIfNeededAsync();
            await Screenshots.SaveAsync(page, "case-locks-backtraces", output);
            await locksPanel.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Screenshots.Directory, "case-locks-panel.png") });
            output.WriteLine($"screenshot: {Path.Combine(Screenshots.Directory, "case-locks-panel.png")}");

            // Every lock of drgn.json: its row names the address, the owner and the waiters.
            foreach (var entry in drgn.RootElement.GetProperty("locks").EnumerateObject())
            {
                string address = entry.Value.GetProperty("address").GetString()![2..];
                int owner = entry.Value.GetProperty("owner_pid").GetInt32();
                var waiters = entry.Value.GetProperty("waiter_pids").EnumerateArray().Select(w => w.GetInt32()).ToList();
                var row = page.Locator("[data-testid=lock-row]", new PageLocatorOptions { HasText = entry.Name });
                await Assertions.Expect(row).ToHaveCountAsync(1);
                await Assertions.Expect(row).ToContainTextAsync(address);
                await Assertions.Expect(row.Locator("[data-testid=lock-owner]")).ToHaveTextAsync($"{Comm(owner)}/{owner}");
                await Assertions.Expect(row.Locator("[data-testid=lock-waiters]")).ToHaveTextAsync(string.Join(", ", waiters.Select(w => $"{Comm(w)}/{w}")));

                // The picture: a node for the lock, its owner and each waiter.
                var graph = page.Locator("[data-testid=wait-for-graph]");
                await Assertions.Expect(graph.Locator($"g[data-node='{entry.Name}']")).ToHaveCountAsync(1);
                await Assertions.Expect(graph.Locator($"g[data-node='{Comm(owner)}/{owner}']")).ToHaveCountAsync(1);
                foreach (int w in waiters)
                    await Assertions.Expect(graph.Locator($"g[data-node='{Comm(w)}/{w}']")).ToHaveCountAsync(1);
            }
            int lockCount = drgn.RootElement.GetProperty("locks").EnumerateObject().Count();
            int waiterCount = drgn.RootElement.GetProperty("locks").EnumerateObject().Sum(l => l.Value.GetProperty("waiter_pids").GetArrayLength());
            await Assertions.Expect(page.Locator("[data-testid=wait-for-graph] path[data-edge='owned by']")).ToHaveCountAsync(lockCount);
            await Assertions.Expect(page.Locator("[data-testid=wait-for-graph] path[data-edge='waits for']")).ToHaveCountAsync(waiterCount);
            // No cycle in this scenario: nothing is named a deadlock.
            await Assertions.Expect(page.Locator("[data-testid=deadlock]")).ToHaveCountAsync(0);

            // A note on a lock (drgn.json's first lock, by its address): the row then carries the marker.
            var firstLock = drgn.RootElement.GetProperty("locks").EnumerateObject().First();
            string lockAddress = firstLock.Value.GetProperty("address").GetString()!;
            var lockRow = page.Locator($"#lock-0x{Convert.ToUInt64(lockAddress[2..], 16):x16}");
            await lockRow.Locator("td").First.HoverAsync();
            await lockRow.Locator(".cd-line-note").ClickAsync();
            await page.FillAsync("[data-testid=note-body]", "the mutex everyone waits for");
            await page.ClickAsync("[data-testid=add-note-button]");
            await Assertions.Expect(lockRow.Locator("[data-testid=lock-note-marker]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-testid=note-anchor]")).ToHaveTextAsync($"lock 0x{Convert.ToUInt64(lockAddress[2..], 16):x16}");

            // Backtraces: the panicking task first (meta.json), D-state tasks (drgn.json) before the sleeping rest.
            await ui.OpenTabAsync("backtraces");
            var traces = page.Locator("[data-testid=backtrace]");
            int panicPid = dump.Meta.GetProperty("panic_pid").GetInt32();
            await Assertions.Expect(traces.First).ToHaveAttributeAsync("data-group", "panic");
            await Assertions.Expect(traces.First).ToHaveAttributeAsync("data-pid", panicPid.ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(traces.First.Locator("pre")).ToContainTextAsync("panic at ");
            foreach (var (pid, task) in tasks.Where(t => t.Value.GetProperty("state").GetString() == "D"))
            {
                var bt = page.Locator($"[data-testid=backtrace][data-pid='{pid}']");
                await Assertions.Expect(bt).ToHaveAttributeAsync("data-group", "D state");
                // drgn's first non-inline frames appear in the crash-style text.
                foreach (string function in task.GetProperty("frames").EnumerateArray()
                    .Where(f => !f.GetProperty("inline").GetBoolean() && f.GetProperty("function").ValueKind == JsonValueKind.String)
                    .Select(f => f.GetProperty("function").GetString()!).Take(4))
                    // Names compared modulo compiler clone suffixes (acceptance-notes.md): __mutex_lock = __mutex_lock.constprop.0.
                    await Assertions.Expect(bt.Locator("pre")).ToContainTextAsync(new Regex($@" {Regex.Escape(function)}(\.(cold|isra|constprop|part)(\.\d+)?)* at "));
            }

            // The filter by function keeps exactly the tasks with that frame: the mutex waiter.
            await page.FillAsync("[data-testid=backtraces-filter]", "__mutex_lock");
            var mutexWaiters = tasks.Where(t => t.Value.GetProperty("frames").EnumerateArray()
                .Any(f => !f.GetProperty("inline").GetBoolean() && f.GetProperty("function").GetString() == "__mutex_lock")).Select(t => t.Key).ToList();
            await Assertions.Expect(traces).ToHaveCountAsync(mutexWaiters.Count);
            await Assertions.Expect(traces.First).ToHaveAttributeAsync("data-pid", mutexWaiters[0].ToString(CultureInfo.InvariantCulture));
            await page.FillAsync("[data-testid=backtraces-filter]", "corpus_holder");
            await Assertions.Expect(traces).ToHaveCountAsync(1);
            await Screenshots.SaveAsync(page, "case-backtraces-filtered", output);
        });
    }
}
