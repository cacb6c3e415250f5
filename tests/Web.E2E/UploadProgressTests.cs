using System.Text.Json;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>The upload form's progress bar follows the bytes actually sent, not just start and end.</summary>
[Collection(E2ECollection.Name)]
public sealed class UploadProgressTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task ProgressBarMovesThroughIntermediateValuesWhileTheFileIsSent()
    {
        var dump = DumpFixture.Load("mini-6.1-lockdep/sysrq-c/kdump-zstd");
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await ui.SignInAsync(app.Email, app.Password);
        await page.WaitForURLAsync("**/cases");
        await ui.CreateCaseAsync("slow upload", "Example Corp", "SUP-4713", "Progress bar check.");
        await CrashdeskUi.WaitForInteractiveAsync(page, "case-page");

        // Loopback sends 6.6 MiB in a blink; Chromium's network emulation slows the upload to
        // about 2 MiB/s so the browser reports progress along the way.
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = 0,
            ["downloadThroughput"] = -1,
            ["uploadThroughput"] = 2 * 1024 * 1024,
        });
        // Record every value the progress bar shows (it is re-rendered by Blazor, so observe the DOM).
        await page.EvaluateAsync("""
            () => {
                window.__progress = [];
                new MutationObserver(() => {
                    const bar = document.querySelector('[data-testid=upload-progress]');
                    if (bar) window.__progress.push(Number(bar.getAttribute('aria-valuenow')));
                }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
            }
            """);

        await ui.StartUploadAsync(dump.DumpPath, "other");
        await Assertions.Expect(page.Locator("[data-testid=upload-result]")).ToContainTextAsync($"Stored {dump.FileName} (other)",
            new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });

        var seen = (await page.EvaluateAsync<int[]>("() => window.__progress")).Distinct().ToArray();
        output.WriteLine("progress values seen: " + JsonSerializer.Serialize(seen));
        Assert.Contains(100, seen);
        Assert.True(seen.Count(v => v is > 0 and < 100) >= 3, "expected at least three intermediate progress values, saw " + JsonSerializer.Serialize(seen));
        Assert.Equal(seen.Order(), seen);
        await Screenshots.SaveAsync(page, "upload-finished", output);
    }
}
