using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// Issue 5 on the case page: a mini dump analysed without a debug kernel says so (and has no tasks:
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
            await Assertions.Expect(page.Locator("[data-testid=tasks]")).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(page, "case-without-debug-kernel", output);

            await app.AddDebugKernelAsync(vmlinux, "vmlinux-6.1.192-corpus-mini");

            // The page polls: the re-analysis (report v2) replaces the report when it is done.
            await Assertions.Expect(used).ToHaveTextAsync(
                $"Debug kernel: vmlinux-6.1.192-corpus-mini (build-id {buildId}, release {dump.Sys("RELEASE")})",
                new LocatorAssertionsToHaveTextOptions { Timeout = (float)_timeout.TotalMilliseconds });
            await Assertions.Expect(page.Locator("[data-testid=report-summary]")).ToContainTextAsync("report v2");
            await Assertions.Expect(page.Locator("[data-testid=task-row]")).ToHaveCountAsync(drgnTasks + cpus);
            await Assertions.Expect(page.Locator("[data-testid=debug-kernel-mismatch]")).ToHaveCountAsync(0);
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
}
