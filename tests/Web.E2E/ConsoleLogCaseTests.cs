using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// In real Chromium: a case holding only a console log shows the full triage.
/// Expected values come from the fixture's reference files (meta.json's panic line, the scenario's
/// class, the lock names the console's lockdep "locks held" blocks print).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ConsoleLogCaseTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task AConsoleLogOnlyCaseShowsTheTriageAndTheLog()
    {
        var fixture = DumpFixture.Load("mini-6.1-lockdep/hung-mutex/kdump-zstd");
        string console = Path.Combine(fixture.Folder, "console.txt");
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(AConsoleLogOnlyCaseShowsTheTriageAndTheLog), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await ui.CreateCaseAsync($"hung task, console only #{Guid.NewGuid().ToString("N")[..8]}", "Example Corp", "SUP-4720", "Only the serial console was saved.");
            await ui.StartUploadAsync(console, "console-log");
            await Assertions.Expect(page.Locator("[data-testid=upload-result]")).ToContainTextAsync("Stored console.txt (console-log); analysis queued.");

            string status = await ui.WaitForAnalysisEndAsync(TimeSpan.FromMinutes(3));
            Assert.True(status == "done", $"the analysis ended {status}\nserver output:\n{app.Server.RecentOutput}");
            await Assertions.Expect(page.Locator("[data-testid=triage]")).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "case-console-log", output);

            await Assertions.Expect(page.Locator("[data-testid=panic-line]")).ToHaveTextAsync(fixture.PanicLine);
            await Assertions.Expect(page.Locator("[data-testid=triage-class]")).ToHaveTextAsync("hung-task");
            await Assertions.Expect(page.Locator("[data-testid=triage-title]")).ToContainTextAsync("INFO: task hung in");
            await Assertions.Expect(page.Locator("[data-testid=triage-signature]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{16}$"));
            // The console's lockdep blocks: corpus_holder holds corpus_mutex and corpus_rwsem (fixtures/README.md).
            var locksHeld = page.Locator("[data-testid=triage-locks-held]");
            await Assertions.Expect(locksHeld).ToContainTextAsync("corpus_holder/");
            await Assertions.Expect(locksHeld).ToContainTextAsync("corpus_mutex");
            await Assertions.Expect(locksHeld).ToContainTextAsync("corpus_rwsem");
            // What a log cannot give is said to be missing, and the log itself is shown.
            await Assertions.Expect(page.Locator("[data-testid=log-summary]")).ToContainTextAsync("console.txt");
            await Assertions.Expect(page.Locator("[data-testid=extractors-skipped]")).ToContainTextAsync("Not available from a console log");
            await Assertions.Expect(page.Locator("[data-testid=extractors-skipped]")).ToContainTextAsync("backtraces");
            await Assertions.Expect(page.Locator("[data-testid=tab-tasks]")).ToHaveCountAsync(0);
            await ui.OpenTabAsync("log");
            string expected = File.ReadAllText(console).Replace("\r\n", "\n").TrimEnd('\n');
            Assert.Equal(expected, (await page.Locator("[data-testid=kernel-log-text]").TextContentAsync())!.TrimEnd('\n'));
        });
    }
}
