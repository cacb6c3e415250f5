using System.Diagnostics;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// A kdump directory uploaded from the case page as the customer sends it (tar -czf of /var/crash/&lt;ip-date&gt;,
/// made here with tar): the page says it is unpacked, then shows the members taken and skipped under the
/// archive, the two artifacts that came from it, and the one analysis of the dump.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ArchiveUploadPageTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task AKdumpDirectoryArchiveShowsItsMembersAndTheDumpsAnalysis()
    {
        var fixture = DumpFixture.Load("mini-6.1-lockdep/sysrq-c/kdump-zlib");
        string work = Path.Combine(Path.GetTempPath(), $"crashdesk-e2e-archive-{Guid.NewGuid():N}");
        string directory = Path.Combine(work, "127.0.0.1-2026-12-01-10:42:07");
        Directory.CreateDirectory(directory);
        try
        {
            File.Copy(fixture.DumpPath, Path.Combine(directory, "vmcore"));
            File.Copy(Path.Combine(fixture.Folder, "makedumpfile-dmesg.txt"), Path.Combine(directory, "vmcore-dmesg.txt"));
            File.WriteAllText(Path.Combine(directory, "kexec-dmesg.log"), "kdump: saving vmcore\n");
            string archive = Path.Combine(work, "127.0.0.1-2026-12-01.tar.gz");
            using (var tar = Process.Start("tar", ["-czf", archive, "-C", work, "127.0.0.1-2026-12-01-10:42:07"]))
            {
                await tar.WaitForExitAsync();
                Assert.Equal(0, tar.ExitCode);
            }

            var page = await browser.NewPageAsync(app.BaseUrl);
            var ui = new CrashdeskUi(page);
            await Screenshots.OnFailureAsync(page, nameof(AKdumpDirectoryArchiveShowsItsMembersAndTheDumpsAnalysis), output, async () =>
            {
                await ui.SignInAsync(app.Email, app.Password);
                await page.WaitForURLAsync("**/cases");
                await ui.CreateCaseAsync($"kdump directory #{Guid.NewGuid().ToString("N")[..8]}", "Example Corp", "SUP-5100", "The customer sent /var/crash as a tarball.");
                await ui.StartUploadAsync(archive, "vmcore");
                await Assertions.Expect(page.Locator("[data-testid=upload-result]")).ToContainTextAsync("Stored 127.0.0.1-2026-12-01.tar.gz (archive); unpacking queued");

                var summary = page.Locator("[data-testid=unpack-summary]");
                await Assertions.Expect(summary.Locator("[data-testid=unpack-status]")).ToHaveTextAsync("Unpacked: 2 taken, 0 refused, 1 skipped",
                    new LocatorAssertionsToHaveTextOptions { Timeout = 120_000 });
                await Assertions.Expect(summary.Locator("[data-testid=unpack-member][data-outcome=taken]")).ToHaveCountAsync(2);
                await Assertions.Expect(summary.Locator("[data-testid=unpack-member][data-outcome=skipped]")).ToContainTextAsync("kexec-dmesg.log");
                await Assertions.Expect(page.Locator("[data-testid=artifact-from-archive]")).ToHaveCountAsync(2);
                await Assertions.Expect(page.Locator("[data-testid=artifact-from-archive]").First).ToHaveTextAsync("from 127.0.0.1-2026-12-01.tar.gz");

                string status = await ui.WaitForAnalysisEndAsync(TimeSpan.FromMinutes(3));
                Assert.True(status == "done", $"the analysis ended {status}\nserver output:\n{app.Server.RecentOutput}");
                await Assertions.Expect(page.Locator("[data-testid=panic-line]")).ToHaveTextAsync(fixture.PanicLine);
                await Screenshots.SaveAsync(page, "case-archive", output);
            });
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
