using System.Text.RegularExpressions;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// The browser's resumable uploader in real Chromium: a dump upload slowed by network emulation, the page
/// paused and resumed, reloaded half-way, the same file chosen again: the upload goes on at the offset the server holds
/// (the first PATCH after the reload starts there, not at 0), ends stored once, and its analysis runs.
/// Two files chosen at once upload side by side, each with its own row; a file dropped on the panel too.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class UploadResumeTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task AnUploadResumesAfterAPageReloadAtTheServersOffset()
    {
        // Under the browser upload limit of this test server (8 MiB).
        var dump = DumpFixture.Load("mini-6.1-lockdep/sysrq-c/kdump-zstd");
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(AnUploadResumesAfterAPageReloadAtTheServersOffset), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await ui.CreateCaseAsync($"resumed upload #{Guid.NewGuid().ToString("N")[..8]}", "Example Corp", "SUP-1818", "The link drops.");
            var patches = new List<long>();
            page.Request += (_, request) =>
            {
                if (request.Method == "PATCH" && request.Headers.TryGetValue("upload-offset", out var offset))
                    lock (patches)
                        patches.Add(long.Parse(offset));
            };
            // 6.6 MiB at about 1 MiB/s: several seconds, time to reload half-way.
            await Throttle(page, 1024 * 1024);
            await ui.StartUploadAsync(dump.DumpPath, "vmcore");
            var bar = page.Locator("[data-testid=upload-progress]");
            await Assertions.Expect(bar).ToHaveAttributeAsync("aria-valuenow", new Regex("^([3-8][0-9])$"), new() { Timeout = 60_000 });
            await Screenshots.SaveAsync(page, "upload-before-reload", output);
            // Pause stops sending; resume goes on from the server's offset.
            var uploading = page.Locator("[data-testid=upload-row]");
            await page.ClickAsync("[data-testid=upload-pause]");
            await Assertions.Expect(uploading).ToHaveAttributeAsync("data-status", "Paused");
            await Assertions.Expect(uploading.Locator("[data-testid=upload-result]")).ToContainTextAsync("Paused at");
            await page.ClickAsync("[data-testid=upload-resume]");
            await Assertions.Expect(uploading).ToHaveAttributeAsync("data-status", "Uploading");

            await page.ReloadAsync();
            await ui.WaitForInteractiveAsync();
            var row = page.Locator("[data-testid=upload-row]");
            await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Interrupted", new() { Timeout = 30_000 });
            await Assertions.Expect(row.Locator("[data-testid=upload-result]")).ToContainTextAsync($"of {dump.FileName} is on the server: choose or drop the file again");
            int onServer = int.Parse((await bar.GetAttributeAsync("aria-valuenow"))!);
            Assert.True(onServer > 0, "the server holds nothing of the interrupted upload");
            await Screenshots.SaveAsync(page, "upload-interrupted-after-reload", output);
            int before;
            lock (patches)
                before = patches.Count;

            await Throttle(page, -1);
            await ui.StartUploadAsync(dump.DumpPath, "vmcore");
            await Assertions.Expect(page.Locator("[data-testid=upload-result]")).ToContainTextAsync($"Stored {dump.FileName} (vmcore); analysis queued.", new() { Timeout = 60_000 });
            await Screenshots.SaveAsync(page, "upload-resumed-and-stored", output);
            long firstAfterReload;
            lock (patches)
                firstAfterReload = patches[before];
            Assert.True(firstAfterReload >= onServer * dump.Size / 100 - 1, $"the upload restarted at {firstAfterReload}, not at the server's offset (~{onServer} %)");
            Assert.True(firstAfterReload > 0);

            await Assertions.Expect(page.Locator("[data-testid=artifact-row]")).ToHaveCountAsync(1);
            string status = await ui.WaitForAnalysisEndAsync(TimeSpan.FromMinutes(3));
            Assert.True(status == "done", $"the analysis ended {status}\nserver output:\n{app.Server.RecentOutput}");
            await Assertions.Expect(page.Locator("[data-testid=panic-line]").First).ToContainTextAsync(dump.PanicLine);
        });
    }

    [Fact]
    public async Task TwoFilesChosenTogetherAndOneDroppedEachGetTheirOwnRowAndAreStored()
    {
        var dump = DumpFixture.Load("mini-6.1-lockdep/sysrq-c/kdump-zstd");
        string console = Path.Combine(dump.Folder, "console.txt");
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(TwoFilesChosenTogetherAndOneDroppedEachGetTheirOwnRowAndAreStored), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await ui.CreateCaseAsync($"two files #{Guid.NewGuid().ToString("N")[..8]}", "Example Corp", "SUP-1819", "Dump and notes.");
            await ui.WaitForInteractiveAsync();
            await page.SelectOptionAsync("[data-testid=upload-kind]", "other");
            await page.SetInputFilesAsync("[data-testid=upload-file]", new[] { dump.DumpPath, console });
            await Assertions.Expect(page.Locator("[data-testid=upload-row]")).ToHaveCountAsync(2);
            await page.ClickAsync("[data-testid=upload-button]");
            foreach (string name in new[] { dump.FileName, "console.txt" })
                await Assertions.Expect(page.Locator($"[data-testid=upload-row][data-file='{name}'] [data-testid=upload-result]"))
                    .ToHaveTextAsync($"Stored {name} (other).", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("[data-testid=artifact-row]")).ToHaveCountAsync(2);
            await Screenshots.SaveAsync(page, "upload-two-files", output);

            // A file dropped on the panel joins the list like a chosen one.
            await page.EvaluateAsync("""
                () => {
                    const data = new DataTransfer();
                    data.items.add(new File(["customer's notes: crashed twice on Tuesday\n"], "dropped.txt", { type: "text/plain" }));
                    const zone = document.querySelector("[data-testid=upload-drop]");
                    zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
                    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
                }
                """);
            await Assertions.Expect(page.Locator("[data-testid=upload-row][data-file='dropped.txt']")).ToHaveAttributeAsync("data-status", "Chosen");
            await page.ClickAsync("[data-testid=upload-button]");
            await Assertions.Expect(page.Locator("[data-testid=upload-row][data-file='dropped.txt'] [data-testid=upload-result]"))
                .ToHaveTextAsync("Stored dropped.txt (other).", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("[data-testid=artifact-row]")).ToHaveCountAsync(3);
        });
    }

    private static async Task Throttle(IPage page, long bytesPerSecond)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = bytesPerSecond,
        });
    }
}
