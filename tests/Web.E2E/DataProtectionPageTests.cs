using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// An administrator sets dump retention, the storage quota and audit retention on /admin/data-protection; a value
/// out of range is refused with the service's message; the values hold after a reload; an engineer has no such page.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DataProtectionPageTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task AnAdministratorSetsTheDataPoliciesAndTheyHold()
    {
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(AnAdministratorSetsTheDataPoliciesAndTheyHold), output, async () =>
        {
            await ui.SignInAsync(app.AdminEmail, app.AdminPassword);
            await page.WaitForURLAsync("**/cases");
            await page.ClickAsync("[data-testid=nav-data-protection]");
            await CrashdeskUi.WaitForInteractiveAsync(page, "data-protection-page");

            await page.FillAsync("[data-testid=retention-days]", "90");
            await page.ClickAsync("[data-testid=retention-save]");
            await Assertions.Expect(page.Locator("[data-testid=policy-saved]")).ToHaveTextAsync("Raw dumps are kept 90 days.");
            await Assertions.Expect(page.Locator("[data-testid=retention-now]")).ToHaveTextAsync("90 days");

            await page.FillAsync("[data-testid=quota-gib]", "2");
            await page.ClickAsync("[data-testid=quota-save]");
            await Assertions.Expect(page.Locator("[data-testid=quota-now]")).ToHaveTextAsync("2.0 GiB");
            await Assertions.Expect(page.Locator("[data-testid=quota-bar]")).ToBeVisibleAsync();

            await page.FillAsync("[data-testid=audit-retention-days]", "7");
            await page.ClickAsync("[data-testid=audit-retention-save]");
            await Assertions.Expect(page.Locator("[data-testid=policy-error]")).ToContainTextAsync("days must be 30..36500");
            await Assertions.Expect(page.Locator("[data-testid=audit-retention-now]")).ToHaveTextAsync("for ever");
            await page.FillAsync("[data-testid=audit-retention-days]", "400");
            await page.ClickAsync("[data-testid=audit-retention-save]");
            await Assertions.Expect(page.Locator("[data-testid=audit-retention-now]")).ToHaveTextAsync("400 days");
            await Screenshots.SaveAsync(page, "data-protection", output);

            await page.ReloadAsync();
            await CrashdeskUi.WaitForInteractiveAsync(page, "data-protection-page");
            await Assertions.Expect(page.Locator("[data-testid=retention-now]")).ToHaveTextAsync("90 days");
            await Assertions.Expect(page.Locator("[data-testid=quota-now]")).ToHaveTextAsync("2.0 GiB");
            await Assertions.Expect(page.Locator("[data-testid=audit-retention-now]")).ToHaveTextAsync("400 days");

            // Put back as the other tests of the shared server expect them (no policy), each save seen through.
            foreach (var (input, save, said) in new[]
            {
                ("retention-days", "retention-save", "Raw dumps are kept for ever."),
                ("quota-gib", "quota-save", "There is no storage quota."),
                ("audit-retention-days", "audit-retention-save", "The audit log is kept for ever."),
            })
            {
                await page.FillAsync($"[data-testid={input}]", "");
                await page.ClickAsync($"[data-testid={save}]");
                await Assertions.Expect(page.Locator("[data-testid=policy-saved]")).ToHaveTextAsync(said);
            }
            await Assertions.Expect(page.Locator("[data-testid=quota-now]")).ToHaveTextAsync("no quota");
        });
        await page.Context.CloseAsync();

        // An engineer has no link to it (the page itself requires the admin role, and the service refuses non-admins: API tests).
        var engineerPage = await browser.NewPageAsync(app.BaseUrl);
        var engineer = new CrashdeskUi(engineerPage);
        await Screenshots.OnFailureAsync(engineerPage, nameof(AnAdministratorSetsTheDataPoliciesAndTheyHold) + "-engineer", output, async () =>
        {
            await engineer.SignInAsync(app.Email, app.Password);
            await engineerPage.WaitForURLAsync("**/cases");
            await Assertions.Expect(engineerPage.Locator("[data-testid=nav-webhooks]")).ToHaveCountAsync(0);
            await Assertions.Expect(engineerPage.Locator("[data-testid=nav-data-protection]")).ToHaveCountAsync(0);
        });
        await engineerPage.Context.CloseAsync();
    }
}
