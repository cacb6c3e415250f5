using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>The case page shows a case's legal hold; an engineer places and releases it there, and the timeline says so.</summary>
[Collection(E2ECollection.Name)]
public sealed class LegalHoldTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task ALegalHoldIsPlacedShownAndReleasedOnTheCasePage()
    {
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(ALegalHoldIsPlacedShownAndReleasedOnTheCasePage), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await ui.CreateCaseAsync("held for litigation", "Example Corp", "SUP-4720", "Legal hold check.");
            await CrashdeskUi.WaitForInteractiveAsync(page, "case-page");
            await Assertions.Expect(page.Locator("[data-testid=legal-hold-state]")).ToHaveTextAsync("none");
            await Assertions.Expect(page.Locator("[data-testid=legal-hold]")).ToHaveCountAsync(0);

            await page.FillAsync("[data-testid=legal-hold-reason]", "litigation ACME-7");
            await page.ClickAsync("[data-testid=legal-hold-place]");

            await Assertions.Expect(page.Locator("[data-testid=legal-hold]")).ToHaveTextAsync("Legal hold");
            await Assertions.Expect(page.Locator("[data-testid=legal-hold-state]")).ToContainTextAsync(": litigation ACME-7");
            await Screenshots.SaveAsync(page, "case-legal-hold", output);

            await page.ClickAsync("[data-testid=legal-hold-release]");

            await Assertions.Expect(page.Locator("[data-testid=legal-hold]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=legal-hold-state]")).ToHaveTextAsync("none");
        });
    }
}
