using Crashdesk.Analysis.Excerpts;
using Crashdesk.Analysis.IO;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// The case page of a dump whose triage excerpt arrived first (as `crashdesk upload` sends it): crash's panic
/// line (meta.json) and the banner saying it comes from the partial upload, no console yet.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class EarlyTriageTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task TheCasePageShowsThePanicLineFromTheExcerptAndSaysTheDumpIsStillComing()
    {
        var dump = DumpFixture.Load("debian-6.1-cloud/sysrq-c/kdump-zlib");
        string excerpt = Path.Combine(Directory.CreateTempSubdirectory("crashdesk-e2e-excerpt-").FullName, dump.FileName + ".triage");
        using (var source = new FileByteSource(dump.DumpPath))
        using (var file = File.Create(excerpt))
            DumpExcerptWriter.Write(source, DumpExcerptPlanner.Plan(source).Ranges, dump.FileName, file);
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(TheCasePageShowsThePanicLineFromTheExcerptAndSaysTheDumpIsStillComing), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            Guid caseId = await ui.CreateCaseAsync($"early triage #{Guid.NewGuid().ToString("N")[..8]}", "Example Corp", "SUP-1820", "The dump is 40 GB.");
            await app.UploadArtifactAsync(caseId, excerpt, Path.GetFileName(excerpt), Crashdesk.Core.Domain.ArtifactKind.Vmcore);
            Assert.Equal("done", await ui.WaitForAnalysisEndAsync(TimeSpan.FromMinutes(3)));

            await Assertions.Expect(page.Locator("[data-testid=panic-line]")).ToHaveTextAsync(dump.PanicLine);
            var banner = page.Locator("[data-testid=excerpt-banner]");
            await Assertions.Expect(banner).ToContainTextAsync($"From the partial upload: the triage excerpt of {dump.FileName}");
            await Assertions.Expect(banner).ToContainTextAsync("the whole dump's analysis follows when its upload ends");
            await Assertions.Expect(page.Locator("[data-testid=tab-log]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-testid=tab-console]")).ToHaveCountAsync(0);
            // It read no symbols or types: nothing is said about the kernel's debug information.
            await Assertions.Expect(page.Locator("[data-testid=debug-kernel-used]")).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(page, "case-early-triage", output);
        });
        File.Delete(excerpt);
    }
}
