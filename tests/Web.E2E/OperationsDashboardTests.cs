using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// The Hangfire Dashboard at /ops/jobs in Chromium: anonymous → login, a signed-in non-admin → 403,
/// the administrator (the installation's owner) → the dashboard, where the analysis of an uploaded
/// dump is a succeeded job.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class OperationsDashboardTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task AnonymousVisitorsAreSentToTheLoginPage()
    {
        var page = await browser.NewPageAsync(app.BaseUrl);

        await page.GotoAsync("/ops/jobs");

        var landed = new Uri(page.Url);
        Assert.Equal("/login", landed.AbsolutePath);
        Assert.Equal("?ReturnUrl=" + Uri.EscapeDataString("/ops/jobs"), landed.Query);
    }

    [Fact]
    public async Task AnEngineerWhoIsNoAdminGets403AndNoLink()
    {
        var page = await browser.NewPageAsync(app.BaseUrl);
        await new CrashdeskUi(page).SignInAsync(app.Email, app.Password);
        await page.WaitForURLAsync("**/cases");
        await Assertions.Expect(page.Locator("[data-testid=ops-jobs-link]")).ToHaveCountAsync(0);

        var response = await page.GotoAsync("/ops/jobs");

        Assert.Equal(403, response!.Status);
    }

    [Fact]
    public async Task TheAdministratorSeesTheSucceededAnalysisJob()
    {
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await ui.SignInAsync(app.AdminEmail, app.AdminPassword);
        await page.WaitForURLAsync("**/cases");
        Guid caseId = await ui.CreateCaseAsync($"ops #{Guid.NewGuid().ToString("N")[..8]}", "Example Corp", "SUP-13", "For the jobs dashboard.");
        await ui.StartUploadAsync(FixtureFiles.Dump("debian-6.1-cloud/sysrq-c/kdump-zlib", "console.txt"), "console-log");
        Assert.Equal("done", await ui.WaitForAnalysisEndAsync(TimeSpan.FromMinutes(2)));

        await page.ClickAsync("[data-testid=ops-jobs-link]");
        await page.WaitForURLAsync("**/ops/jobs**");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Crashdesk jobs");
        var response = await page.GotoAsync("/ops/jobs/jobs/succeeded");
        Assert.Equal(200, response!.Status);
        // The job's display name is its queue and the analysis row's id; nothing of the customer's.
        await Assertions.Expect(page.Locator("table.table")).ToContainTextAsync("analysis ");
        await Screenshots.SaveAsync(page, "ops-jobs-succeeded", output);
        _ = caseId;
    }
}
