using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// Debug kernels on the case page: a mini dump analysed without a debug kernel says so (and has no tasks:
/// the mini kernel has no BTF); once the mini vmlinux is in the organisation's library the case is
/// re-analysed by the server's worker and the page names the debug kernel by the build-id readelf
/// prints, with drgn's tasks. The library page lists the kernel as ready. Screenshots are kept.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DebugKernelTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task TheCasePageNamesTheDebugKernelOnceTheLibraryHasItsBuild()
    {
        var dump = DumpFixture.Load("mini-6.1-lockdep/sysrq-c/kdump-zstd");
        string vmlinux = FixtureFiles.Vmlinux("mini-6.1-lockdep");
        string buildId = FixtureFiles.ReadelfBuildId(vmlinux);
        int drgnTasks = dump.Meta.GetProperty("drgn_tasks").GetInt32();
        int cpus = int.Parse(dump.Meta.GetProperty("cpus").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(TheCasePageNamesTheDebugKernelOnceTheLibraryHasItsBuild), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await ui.CreateCaseAsync($"debug kernel #{Guid.NewGuid().ToString("N")[..8]}", "Example Corp", "SUP-5", "mini kernel, vmlinux later");
            await ui.StartUploadAsync(dump.DumpPath, "vmcore");
            Assert.Equal("done", await ui.WaitForAnalysisEndAsync(_timeout));

            var used = page.Locator("[data-testid=debug-kernel-used]");
            await Assertions.Expect(used).ToHaveTextAsync("Debug kernel: none — symbols from kallsyms, no types (the kernel has no BTF)");
            await Assertions.Expect(page.Locator("[data-testid=tab-tasks]")).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(page, "case-without-debug-kernel", output);

            await app.AddDebugKernelAsync(vmlinux, "vmlinux-6.1.192-corpus-mini");

            // The page polls: the re-analysis (report v2) replaces the report when it is done.
            await Assertions.Expect(used).ToHaveTextAsync(
                $"Debug kernel: vmlinux-6.1.192-corpus-mini (build-id {buildId}, release {dump.Sys("RELEASE")})",
                new LocatorAssertionsToHaveTextOptions { Timeout = (float)_timeout.TotalMilliseconds });
            await Assertions.Expect(page.Locator("[data-testid=report-summary]")).ToContainTextAsync("report v2");
            await Assertions.Expect(page.Locator("[data-testid=debug-kernel-origin]")).ToHaveTextAsync("Uploaded to the library");
            await Assertions.Expect(page.Locator("[data-testid=debug-kernel-mismatch]")).ToHaveCountAsync(0);

            // Both versions are kept: v1 (no debug kernel) can be viewed, with what v2 changed.
            var versions = page.Locator("[data-testid=report-version]");
            await Assertions.Expect(versions).ToHaveCountAsync(2);
            await Assertions.Expect(versions.Nth(0).Locator("[data-testid=view-report-version]")).ToHaveCountAsync(0); // v2 is shown
            await versions.Nth(1).Locator("[data-testid=view-report-version]").ClickAsync();
            var older = page.Locator("[data-testid=older-report]");
            await Assertions.Expect(older).ToContainTextAsync("Viewing report v1");
            await Assertions.Expect(older.Locator("[data-testid=report-change]", new LocatorLocatorOptions { HasText = "types from" })).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-testid=tab-tasks]")).ToHaveCountAsync(0); // v1 had no types: no tasks
            await Screenshots.SaveAsync(page, "case-report-v1-with-changes", output);
            await page.ClickAsync("[data-testid=show-newest-report]");
            await Assertions.Expect(older).ToHaveCountAsync(0);
            await ui.OpenTabAsync("tasks");
            await Assertions.Expect(page.Locator("[data-testid=task-row]")).ToHaveCountAsync(drgnTasks + cpus);
            await Screenshots.SaveAsync(page, "case-with-debug-kernel", output);

            await page.ClickAsync("nav >> text=Debug kernels");
            var row = page.Locator("[data-testid=debug-kernel-row]");
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "ready");
            await Assertions.Expect(row).ToContainTextAsync(buildId);
            await Assertions.Expect(row).ToContainTextAsync(dump.Sys("RELEASE"));
            await Screenshots.SaveAsync(page, "debug-kernel-library", output);
        });
    }

    [Fact]
    public async Task AMismatchedDebugKernelOnTheCaseIsShownAsAWarningAndTheDumpIsStillAnalysed()
    {
        var dump = DumpFixture.Load("debian-6.1-cloud/sysrq-c/kdump-zlib");
        string mini = FixtureFiles.Vmlinux("mini-6.1-lockdep");
        string miniId = FixtureFiles.ReadelfBuildId(mini);
        string debianId = FixtureFiles.ReadelfBuildId(FixtureFiles.Vmlinux("debian-6.1-cloud"));
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(AMismatchedDebugKernelOnTheCaseIsShownAsAWarningAndTheDumpIsStillAnalysed), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            Guid caseId = await ui.CreateCaseAsync($"wrong vmlinux #{Guid.NewGuid().ToString("N")[..8]}", "Example Corp", "SUP-6", "Debian dump, mini vmlinux");
            // Both files are past the browser upload limit of this server: uploaded through Core's service.
            await app.UploadArtifactAsync(caseId, mini, "vmlinux-mini", Crashdesk.Core.Domain.ArtifactKind.DebugKernel);
            var kernel = page.Locator("[data-testid=case-debug-kernel]");
            // "duplicate" when another test of this app put the same build into the library first: its build-id is known either way.
            await Assertions.Expect(kernel).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("^(ready|duplicate)$"),
                new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)_timeout.TotalMilliseconds });
            await app.UploadArtifactAsync(caseId, dump.DumpPath, dump.FileName, Crashdesk.Core.Domain.ArtifactKind.Vmcore);

            var used = page.Locator("[data-testid=debug-kernel-used]");
            await Assertions.Expect(used).ToHaveTextAsync("Debug kernel: none — symbols from kallsyms, types from BTF",
                new LocatorAssertionsToHaveTextOptions { Timeout = (float)_timeout.TotalMilliseconds });
            var warning = page.Locator("[data-testid=debug-kernel-mismatch]");
            await Assertions.Expect(warning).ToHaveCountAsync(1);
            await Assertions.Expect(warning).ToContainTextAsync("vmlinux-mini does not match this dump");
            await Assertions.Expect(warning).ToContainTextAsync($"debug kernel build-id {miniId}, dump expects {debianId}");
            await Assertions.Expect(page.Locator("[data-testid=panic-line]")).ToHaveTextAsync(dump.PanicLine);
            await Assertions.Expect(page.Locator("[data-testid=tab-tasks]")).ToHaveCountAsync(1);
            await Screenshots.SaveAsync(page, "case-debug-kernel-mismatch", output);
        });
    }
}
