using System.Text.Json;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// In real Chromium an engineer signs in, creates a case, uploads a fixture
/// dump through the UI, waits for the analysis and reads the panic line; a screenshot is kept.
/// Expected values come from the reference tools' files beside the dump (meta.json, crash/*.txt).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class CaseWorkflowTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    private static readonly TimeSpan _analysisTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task UploadedDumpIsAnalysedAndThePanicLineAndKernelLogAreShown()
    {
        var dump = DumpFixture.Load("mini-6.1-lockdep/sysrq-c/kdump-zstd");
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        string title = $"sysrq-c on mini 6.1 #{Guid.NewGuid().ToString("N")[..8]}";
        await Screenshots.OnFailureAsync(page, nameof(UploadedDumpIsAnalysedAndThePanicLineAndKernelLogAreShown), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            Guid caseId = await ui.CreateCaseAsync(title, "Example Corp", "SUP-4711", "Crashed during the nightly backup.");
            await Assertions.Expect(page.Locator("[data-testid=case-title]")).ToHaveTextAsync(title);

            await ui.StartUploadAsync(dump.DumpPath, "vmcore");

            // The progress bar reaches 100 % of the file's size and the server confirms the upload.
            await Assertions.Expect(page.Locator("[data-testid=upload-result]")).ToContainTextAsync($"Stored {dump.FileName} (vmcore)");
            await Assertions.Expect(page.Locator("[data-testid=upload-progress]")).ToHaveAttributeAsync("aria-valuenow", "100");
            var artifact = page.Locator("[data-testid=artifact-row]");
            await Assertions.Expect(artifact).ToHaveCountAsync(1);
            await Assertions.Expect(artifact).ToContainTextAsync(dump.FileName);
            await Assertions.Expect(artifact.Locator(".cd-hash")).ToHaveTextAsync(dump.Sha256);
            await Assertions.Expect(artifact.Locator("td[title$=' bytes']")).ToHaveAttributeAsync("title", $"{dump.Size} bytes");

            string status = await ui.WaitForAnalysisEndAsync(_analysisTimeout);
            await Screenshots.SaveAsync(page, "case-analysed", output);
            Assert.True(status == "done", $"the analysis ended {status}: {await ErrorTextAsync(page)}\nserver output:\n{app.Server.RecentOutput}");

            await Assertions.Expect(page.Locator("[data-testid=panic-line]")).ToHaveTextAsync(dump.PanicLine);
            await Assertions.Expect(page.Locator("[data-testid=report-summary]")).ToContainTextAsync(dump.Sys("RELEASE"));
            // The triage names the panic's reason (the text after crash's "not syncing: ").
            string reason = dump.PanicLine[(dump.PanicLine.IndexOf("not syncing: ", StringComparison.Ordinal) + "not syncing: ".Length)..];
            await Assertions.Expect(page.Locator("[data-testid=triage-title]")).ToContainTextAsync(reason);
            // The whole kernel log, exactly as crash's `log` prints it, with the panic line marked.
            await ui.OpenTabAsync("log");
            var log = page.Locator("[data-testid=kernel-log-text]");
            Assert.Equal(dump.KernelLog, (await log.TextContentAsync())!.TrimEnd('\n'));
            await Assertions.Expect(log.Locator(".cd-log-panic")).ToContainTextAsync(dump.PanicLine);

            // The filter keeps exactly the log lines containing the text (case-insensitive).
            string[] expected = dump.KernelLog.Split('\n').Where(l => l.Contains("sysrq", StringComparison.OrdinalIgnoreCase)).ToArray();
            await page.FillAsync("[data-testid=kernel-log-filter]", "SysRq");
            await Assertions.Expect(page.Locator("[data-testid=kernel-log-count]"))
                .ToHaveTextAsync($"{expected.Length} of {dump.KernelLog.Split('\n').Length} lines");
            Assert.Equal(string.Join('\n', expected), (await log.TextContentAsync())!.TrimEnd('\n'));
            await Screenshots.SaveAsync(page, "case-kernel-log-filtered", output);

            // The case list shows the case, newest first, with its status and panic line.
            await page.ClickAsync("nav >> text=Cases");
            var row = page.Locator("[data-testid=case-row]").First;
            await Assertions.Expect(row).ToContainTextAsync(title);
            await Assertions.Expect(row).ToContainTextAsync("SUP-4711");
            await Assertions.Expect(row.Locator("[data-testid=status-badge]")).ToHaveAttributeAsync("data-status", "done");
            await Assertions.Expect(row).ToContainTextAsync(dump.PanicLine);
            Assert.EndsWith($"/cases/{caseId}", await row.Locator("a").GetAttributeAsync("href"));
            await Screenshots.SaveAsync(page, "case-list", output);
        });
    }

    [Fact]
    public async Task AFileThatIsNotADumpFailsAndTheUiShowsTheRecordedError()
    {
        // Text that is no kernel log (a console log would be analysed as one): the engine must refuse it.
        string notADump = Path.Combine(Path.GetTempPath(), $"notes-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(notADump, "Meeting notes: the customer will send the vmcore on Tuesday.\n");
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);

        await ui.SignInAsync(app.Email, app.Password);
        await page.WaitForURLAsync("**/cases");
        Guid caseId = await ui.CreateCaseAsync("notes uploaded as vmcore", "Example Corp", "SUP-4712", "Wrong file.");
        await ui.StartUploadAsync(notADump, "vmcore");
        await Assertions.Expect(page.Locator("[data-testid=upload-result]")).ToContainTextAsync($"Stored {Path.GetFileName(notADump)} (vmcore)");
        File.Delete(notADump);

        string status = await ui.WaitForAnalysisEndAsync(_analysisTimeout);
        await Screenshots.SaveAsync(page, "case-analysis-failed", output);
        Assert.Equal("failed", status);

        // What the UI shows is the error the service recorded (read back through the REST API
        // with the same session).
        var response = await page.APIRequest.GetAsync($"/api/v1/cases/{caseId}");
        Assert.Equal(200, response.Status);
        using var json = JsonDocument.Parse(await response.TextAsync());
        string recorded = json.RootElement.GetProperty("analyses")[0].GetProperty("error").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(recorded));
        Assert.Equal(recorded, await ErrorTextAsync(page));
        await Assertions.Expect(page.Locator("[data-testid=panic-line]")).ToHaveCountAsync(0);
    }

    private static async Task<string?> ErrorTextAsync(IPage page)
    {
        var error = page.Locator("[data-testid=analysis-error] pre");
        return await error.CountAsync() == 0 ? null : await error.TextContentAsync();
    }
}
