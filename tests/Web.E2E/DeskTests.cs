using System.Text.RegularExpressions;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// The engineer's desk in Chromium against the server process: search and filter the case list,
/// annotate a real report (a note on the panic line of the kernel log and one on frame #2 of the
/// panicking task), edit the workflow fields, read it all in the timeline and again after a reload;
/// two sessions editing at once; notes that try to run script. Expected places come from the
/// fixture's crash and meta.json files (the panic line, the panicking PID), not from our output.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DeskTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    private const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Fact]
    public async Task An_engineer_finds_annotates_and_moves_a_case_and_everything_is_kept()
    {
        var dump = DumpFixture.Load(Fixture);
        int panicPid = dump.Meta.GetProperty("panic_pid").GetInt32();
        int panicLine = Array.FindIndex(dump.KernelLog.Split('\n'), l => l.Contains(dump.PanicLine, StringComparison.Ordinal)) + 1;
        string marker = Guid.NewGuid().ToString("N")[..8];
        string title = $"desk {marker}";
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(An_engineer_finds_annotates_and_moves_a_case_and_everything_is_kept), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            Guid caseId = await ui.CreateAnalysedCaseAsync(app, dump, title, $"SUP-{marker}", "Box 7 went down overnight.");

            // 1. The list: search by a word of the panic line, then filter by status and class.
            await page.GotoAsync("/cases");
            await page.FillAsync("[data-testid=case-search]", $"sysrq {marker}");
            await page.ClickAsync("[data-testid=apply-filters]");
            await page.WaitForURLAsync(new Regex(@"[?&]q=sysrq"));
            var row = page.Locator("[data-testid=case-row]");
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row).ToContainTextAsync(title);
            await Assertions.Expect(row.Locator("[data-testid=case-panic-line]")).ToHaveTextAsync(dump.PanicLine);
            await Screenshots.SaveAsync(page, "desk-1-search", output);
            string crashClass = (await row.Locator(".badge.text-bg-dark").TextContentAsync())!.Trim();
            await page.SelectOptionAsync("[data-testid=filter-status]", "new");
            await page.FillAsync("[data-testid=filter-class]", crashClass);
            await page.ClickAsync("[data-testid=apply-filters]");
            await page.WaitForURLAsync(new Regex(@"status=new.*class=" + Regex.Escape(Uri.EscapeDataString(crashClass))));
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Screenshots.SaveAsync(page, "desk-2-filtered", output);
            await page.SelectOptionAsync("[data-testid=filter-status]", "closed");
            await page.ClickAsync("[data-testid=apply-filters]");
            await Assertions.Expect(page.Locator("[data-testid=no-cases]")).ToBeVisibleAsync();
            await page.GoBackAsync();
            await Assertions.Expect(row).ToHaveCountAsync(1);

            // 2. Open it; a note on the panic line of the kernel log.
            await row.Locator("[data-testid=case-link]").ClickAsync();
            await page.WaitForURLAsync($"**/cases/{caseId}");
            await ui.WaitForInteractiveAsync();
            await ui.OpenTabAsync("log");
            var line = page.Locator($"#log-L{panicLine}");
            await Assertions.Expect(line).ToContainTextAsync(dump.PanicLine);
            await line.HoverAsync(new LocatorHoverOptions { Position = new Position { X = 10, Y = 5 } }); // a log line is wider than the panel
            await line.Locator(".cd-line-note").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=pending-anchor]")).ToContainTextAsync($"log line {panicLine}");
            await page.FillAsync("[data-testid=note-body]", "The **sysrq** trigger: someone wrote `c` to /proc/sysrq-trigger.");
            await page.ClickAsync("[data-testid=add-note-button]");
            await Assertions.Expect(line.Locator("[data-testid=log-note-marker]")).ToHaveCountAsync(1);
            await Screenshots.SaveAsync(page, "desk-3-note-on-panic-line", output);

            // 3. A note on frame #2 of the panicking task.
            await ui.OpenTabAsync("backtraces");
            var frame = page.Locator($"#bt-{panicPid}-2");
            await frame.HoverAsync(new LocatorHoverOptions { Position = new Position { X = 10, Y = 5 } });
            await frame.Locator(".cd-line-note").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=pending-anchor]")).ToContainTextAsync($"frame #2 of PID {panicPid}");
            await page.FillAsync("[data-testid=note-body]", "Frame #2 is where the write came in.");
            await page.ClickAsync("[data-testid=add-note-button]");
            await Assertions.Expect(frame.Locator("[data-testid=frame-note-marker]")).ToHaveCountAsync(1);
            var notes = page.Locator("[data-testid=note]");
            await Assertions.Expect(notes).ToHaveCountAsync(2);
            await Assertions.Expect(notes.Nth(0).Locator("[data-testid=note-anchor]")).ToHaveTextAsync($"log line {panicLine}");
            await Assertions.Expect(notes.Nth(1).Locator("[data-testid=note-anchor]")).ToHaveTextAsync($"frame #2 of PID {panicPid}");
            await Assertions.Expect(notes.Nth(0).Locator("[data-testid=note-body-html] strong")).ToHaveTextAsync("sysrq");
            await Screenshots.SaveAsync(page, "desk-4-note-on-frame", output);

            // 4. Status, priority, assignee and a tag, saved together.
            await page.SelectOptionAsync("[data-testid=edit-status]", "triaging");
            await page.SelectOptionAsync("[data-testid=edit-priority]", "P1");
            await page.SelectOptionAsync("[data-testid=edit-assignee]", new SelectOptionValue { Label = "E2E Engineer" });
            await page.FillAsync("[data-testid=edit-tag-input]", $"tag-{marker}");
            await page.PressAsync("[data-testid=edit-tag-input]", "Enter");
            await page.ClickAsync("[data-testid=save-case]");
            await Assertions.Expect(page.Locator("[data-testid=save-case]")).ToHaveCountAsync(0);
            var timeline = page.Locator("[data-testid=timeline-event]");
            foreach (var (kind, text) in new[]
                     {
                         ("status", "new → triaging"), ("priority", "P3 → P1"), ("assignee", "— → E2E Engineer"),
                         ("tag-added", $"tag-{marker}"), ("note-added", "The **sysrq** trigger"), ("report", "v1 from"),
                     })
                await Assertions.Expect(page.Locator($"[data-testid=timeline-event][data-kind='{kind}']", new PageLocatorOptions { HasText = text })).ToHaveCountAsync(1);
            await Screenshots.SaveAsync(page, "desk-5-workflow-and-timeline", output);

            // 5. Reload: everything is kept, and the permalink opens the log at the annotated line.
            await page.GotoAsync($"/cases/{caseId}#log-L{panicLine}");
            await ui.WaitForInteractiveAsync();
            await Assertions.Expect(page.Locator("[data-testid=tab-log]")).ToHaveClassAsync(new Regex(@"\bactive\b"));
            await Assertions.Expect(page.Locator($"#log-L{panicLine} [data-testid=log-note-marker]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-testid=edit-status]")).ToHaveValueAsync("triaging");
            await Assertions.Expect(page.Locator("[data-testid=edit-priority]")).ToHaveValueAsync("P1");
            await Assertions.Expect(page.Locator("[data-testid=case-tag]")).ToHaveTextAsync(new Regex($"tag-{marker}"));
            await Assertions.Expect(page.Locator("[data-testid=note]")).ToHaveCountAsync(2);
            await Assertions.Expect(timeline).ToHaveCountAsync(9); // created, environment (read from the dump), report, two notes, status, priority, assignee, tag
            await Screenshots.SaveAsync(page, "desk-6-after-reload", output);
        });
    }

    [Fact]
    public async Task Changes_arrive_without_a_reload_keys_work_and_an_unknown_page_is_a_page()
    {
        var watcher = await browser.NewPageAsync(app.BaseUrl);
        var writer = await browser.NewPageAsync(app.BaseUrl);
        var a = new CrashdeskUi(watcher);
        var b = new CrashdeskUi(writer);
        await Screenshots.OnFailureAsync(watcher, nameof(Changes_arrive_without_a_reload_keys_work_and_an_unknown_page_is_a_page), output, async () =>
        {
            await a.SignInAsync(app.Email, app.Password);
            await watcher.WaitForURLAsync("**/cases");
            string title = $"push {Guid.NewGuid().ToString("N")[..8]}";
            Guid caseId = await a.CreateCaseAsync(title, "Example Corp", "SUP-3", "watched");
            await a.WaitForInteractiveAsync();
            await b.SignInAsync(app.AdminEmail, app.AdminPassword);
            await writer.GotoAsync($"/cases/{caseId}");
            await b.WaitForInteractiveAsync();

            // Another session adds a note: the open page shows it well before its 10 s fallback poll.
            await writer.FillAsync("[data-testid=note-body]", "pushed, not polled");
            await writer.ClickAsync("[data-testid=add-note-button]");
            await Assertions.Expect(watcher.Locator("[data-testid=note]", new PageLocatorOptions { HasText = "pushed, not polled" }))
                .ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 4_000 });

            // Keys: g l opens the log tab (none here: no report, so the overview stays); / focuses the list's search,
            // j selects the first row, Enter opens it.
            await watcher.GotoAsync("/cases");
            await watcher.Keyboard.PressAsync("/");
            await Assertions.Expect(watcher.Locator("[data-testid=case-search]")).ToBeFocusedAsync();
            await watcher.Keyboard.TypeAsync(title);
            await watcher.Keyboard.PressAsync("Enter");
            await watcher.WaitForURLAsync(new Regex(@"[?&]q="));
            await watcher.Locator("body").ClickAsync(new LocatorClickOptions { Position = new Position { X = 5, Y = 300 } });
            await watcher.Keyboard.PressAsync("j");
            await Assertions.Expect(watcher.Locator("[data-testid=case-row].table-active")).ToContainTextAsync(title);
            await watcher.Keyboard.PressAsync("Enter");
            await watcher.WaitForURLAsync($"**/cases/{caseId}");
            await a.WaitForInteractiveAsync();
            await watcher.Keyboard.PressAsync("n");
            await Assertions.Expect(watcher.Locator("[data-testid=note-body]")).ToBeFocusedAsync();

            // A page that does not exist is a page, not a ProblemDetails body; the API keeps its JSON.
            var missing = await watcher.GotoAsync("/no-such-page");
            Assert.Equal(404, missing!.Status);
            await Assertions.Expect(watcher.Locator("[data-testid=error-page]")).ToContainTextAsync("Page not found");
            var api = await watcher.APIRequest.GetAsync("/api/v1/cases/" + Guid.NewGuid());
            Assert.Equal(404, api.Status);
            Assert.StartsWith("application/problem+json", api.Headers["content-type"]);
            await Screenshots.SaveAsync(watcher, "desk-error-page", output);
        });
    }

    [Fact]
    public async Task The_second_of_two_concurrent_edits_gets_the_conflict_message_and_nothing_is_lost()
    {
        var first = await browser.NewPageAsync(app.BaseUrl);
        var second = await browser.NewPageAsync(app.BaseUrl);
        var a = new CrashdeskUi(first);
        var b = new CrashdeskUi(second);
        await Screenshots.OnFailureAsync(second, nameof(The_second_of_two_concurrent_edits_gets_the_conflict_message_and_nothing_is_lost), output, async () =>
        {
            await a.SignInAsync(app.AdminEmail, app.AdminPassword);
            await first.WaitForURLAsync("**/cases");
            Guid caseId = await a.CreateCaseAsync($"conflict {Guid.NewGuid().ToString("N")[..8]}", "Example Corp", "SUP-1", "two people at once");
            await b.SignInAsync(app.Email, app.Password);
            await second.GotoAsync($"/cases/{caseId}");
            await a.WaitForInteractiveAsync();
            await b.WaitForInteractiveAsync();

            // Both start from the same revision; the engineer's change is still unsaved when the admin saves.
            await second.SelectOptionAsync("[data-testid=edit-priority]", "P4");
            await first.SelectOptionAsync("[data-testid=edit-priority]", "P2");
            await first.ClickAsync("[data-testid=save-case]");
            await Assertions.Expect(first.Locator("[data-testid=save-case]")).ToHaveCountAsync(0);
            await second.ClickAsync("[data-testid=save-case]");

            var conflict = second.Locator("[data-testid=case-conflict]");
            await Assertions.Expect(conflict).ToContainTextAsync("changed by E2E Administrator");
            await Assertions.Expect(second.Locator("[data-testid=edit-priority]")).ToHaveValueAsync("P4"); // the engineer's input is still there
            await Screenshots.SaveAsync(second, "desk-conflict", output);
            await second.ClickAsync("[data-testid=reload-case]");
            await Assertions.Expect(second.Locator("[data-testid=edit-priority]")).ToHaveValueAsync("P2"); // the admin's save was not overwritten
            await Assertions.Expect(conflict).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task A_note_with_script_an_onerror_image_and_a_javascript_link_renders_inert()
    {
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(A_note_with_script_an_onerror_image_and_a_javascript_link_renders_inert), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await ui.CreateCaseAsync($"xss {Guid.NewGuid().ToString("N")[..8]}", "Example Corp", "SUP-2", "hostile note");
            await ui.WaitForInteractiveAsync();
            await page.FillAsync("[data-testid=note-body]",
                "<script>window.__cdXss1 = 1</script> <img src=x onerror=\"window.__cdXss2 = 1\"> [click me](javascript:window.__cdXss3=1) **still bold**");
            await page.ClickAsync("[data-testid=add-note-button]");
            var body = page.Locator("[data-testid=note-body-html]");
            await Assertions.Expect(body.Locator("strong")).ToHaveTextAsync("still bold");

            Assert.Equal(0, await body.Locator("script, img, iframe, svg").CountAsync());
            Assert.Equal(0, await body.Locator("[onerror], [onload], [onclick]").CountAsync());
            Assert.Equal(0, await body.Locator("a[href^='javascript' i]").CountAsync());
            var link = body.Locator("a", new LocatorLocatorOptions { HasText = "click me" });
            if (await link.CountAsync() > 0)
                await link.ClickAsync();
            await page.WaitForTimeoutAsync(300);
            Assert.True(await page.EvaluateAsync<bool>("() => window.__cdXss1 === undefined && window.__cdXss2 === undefined && window.__cdXss3 === undefined"),
                "a note ran script");
            await Screenshots.SaveAsync(page, "desk-xss-note", output);
        });
    }
}
