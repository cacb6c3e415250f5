using System.Globalization;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>What the forms refuse before anything reaches the services.</summary>
[Collection(E2ECollection.Name)]
public sealed class CaseFormsTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task NewCaseNeedsATitleAndAnOrganization()
    {
        var page = await browser.NewPageAsync(app.BaseUrl);
        await new CrashdeskUi(page).SignInAsync(app.Email, app.Password);
        await page.WaitForURLAsync("**/cases");
        await page.GotoAsync("/cases/new");

        await page.ClickAsync("[data-testid=new-case-submit]");

        await Assertions.Expect(page.Locator(".validation-message")).ToHaveTextAsync(["A title is required.", "The organization is required."]);
        Assert.Equal("/cases/new", new Uri(page.Url).AbsolutePath);
        await Screenshots.SaveAsync(page, "new-case-validation", output);
    }

    [Fact]
    public async Task AFileOverTheUploadLimitIsNotSent()
    {
        var tooLarge = DumpFixture.Load("mini-6.1-lockdep/sysrq-c/kdump-snappy");
        Assert.True(tooLarge.Size > app.MaxUploadBytes, "the fixture must exceed the test server's upload limit");
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await ui.SignInAsync(app.Email, app.Password);
        await page.WaitForURLAsync("**/cases");
        await ui.CreateCaseAsync("too large an upload", "Example Corp", "SUP-4714", "Limit check.");
        await CrashdeskUi.WaitForInteractiveAsync(page, "case-page");
        var uploads = new List<string>();
        page.Request += (_, request) =>
        {
            // The PUT upload and the resumable sessions (POST/PATCH …/uploads): neither may be sent.
            if (request.Method is "PUT" or "PATCH" || (request.Method == "POST" && request.Url.Contains("/uploads", StringComparison.Ordinal)))
                uploads.Add(request.Url);
        };

        await page.SetInputFilesAsync("[data-testid=upload-file]", tooLarge.DumpPath);

        await Assertions.Expect(page.Locator("[data-testid=upload-result]"))
            .ToHaveTextAsync($"{tooLarge.FileName} is {MiB(tooLarge.Size)}, over the upload limit of {MiB(app.MaxUploadBytes)}: not uploaded.");
        await Assertions.Expect(page.Locator("[data-testid=upload-button]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=artifact-row]")).ToHaveCountAsync(0);
        Assert.Empty(uploads);
        await Screenshots.SaveAsync(page, "upload-over-limit", output);
    }

    private static string MiB(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
