using Crashdesk.Analysis.Tests.Debuginfod;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// The case page of a dump whose build-id the library lacks, on a server configured with Debian's real
/// `debuginfod` serving the mini vmlinux: the first report says the kernel is being fetched, the next one
/// names the fetched debug kernel and where it came from, and the library lists its URL.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DebuginfodTests(Browser browser, ITestOutputHelper output)
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task TheCasePageShowsTheDebugKernelFetchedFromDebuginfodAndWhereItCameFrom()
    {
        var dump = DumpFixture.Load("mini-6.1-lockdep/sysrq-c/kdump-zstd");
        string vmlinux = FixtureFiles.Vmlinux("mini-6.1-lockdep");
        string buildId = FixtureFiles.ReadelfBuildId(vmlinux);
        using var server = new DebuginfodServer(vmlinux);
        await server.WaitUntilServedAsync(buildId, _timeout);
        string url = new Uri(server.Url, $"buildid/{buildId}/debuginfo").ToString();
        var app = new CrashdeskApp("Warning", new Dictionary<string, string> { ["Debuginfod__Servers__0"] = server.Url.ToString() });
        await app.InitializeAsync();
        try
        {
            var page = await browser.NewPageAsync(app.BaseUrl);
            var ui = new CrashdeskUi(page);
            await Screenshots.OnFailureAsync(page, nameof(TheCasePageShowsTheDebugKernelFetchedFromDebuginfodAndWhereItCameFrom), output, async () =>
            {
                await ui.SignInAsync(app.Email, app.Password);
                await page.WaitForURLAsync("**/cases");
                await ui.CreateCaseAsync($"debuginfod #{Guid.NewGuid().ToString("N")[..8]}", "Example Corp", "SUP-21", "mini kernel, no vmlinux uploaded");
                await ui.StartUploadAsync(dump.DumpPath, "vmcore");
                Assert.Equal("done", await ui.WaitForAnalysisEndAsync(_timeout));

                // The page polls: v2, made with the fetched kernel, replaces v1 when it is done.
                var used = page.Locator("[data-testid=debug-kernel-used]");
                await Assertions.Expect(used).ToHaveTextAsync(
                    $"Debug kernel: vmlinux-{buildId} (build-id {buildId}, release {dump.Sys("RELEASE")})",
                    new LocatorAssertionsToHaveTextOptions { Timeout = (float)_timeout.TotalMilliseconds });
                await Assertions.Expect(page.Locator("[data-testid=debug-kernel-origin]")).ToHaveTextAsync($"Fetched from debuginfod: {url}");
                await Assertions.Expect(page.Locator("[data-testid=report-summary]")).ToContainTextAsync("report v2");
                await Screenshots.SaveAsync(page, "case-with-debuginfod-kernel", output);

                await page.ClickAsync("nav >> text=Debug kernels");
                var row = page.Locator("[data-testid=debug-kernel-row]");
                await Assertions.Expect(row).ToHaveCountAsync(1);
                await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "ready");
                await Assertions.Expect(row.Locator("[data-testid=debug-kernel-origin]")).ToHaveTextAsync(url);
                await Screenshots.SaveAsync(page, "debug-kernel-library-debuginfod", output);
            });
            await page.Context.CloseAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
