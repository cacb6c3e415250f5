using Crashdesk.Core.Auth;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Crashdesk.Web.E2E.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// A customer's own staff in the browser: they see their organisation's cases and nothing of the support centre's,
/// no staff navigation, the notes meant for them but never an internal note, and they can add a note; another
/// organisation's case is "not found".
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class CustomerViewTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task ACustomerSeesTheirOwnCasesAndNotesButNoInternalNoteAndNothingOfAnotherOrganisation()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        string customerEmail = $"customer-{tag}@acme.example", password = "customer password " + tag;
        string internalText = $"internal-{tag}: the customer's driver is at fault", sharedText = $"shared-{tag}: please send the sosreport";
        var (customerCase, staffCase) = await app.AsEngineerAsync(async (services, engineer) =>
        {
            var users = services.GetRequiredService<IUserService>();
            var organization = await services.GetRequiredService<IOrganizationService>().EnsureAsync($"ACME {tag}");
            await users.CreateAsync(organization, customerEmail, "ACME Operator", password, OrganizationRole.Customer);
            var acmeEngineer = await users.CreateAsync(organization, $"engineer-{tag}@acme.example", "ACME Engineer", "engineer password " + tag, OrganizationRole.Engineer);
            var cases = services.GetRequiredService<ICaseService>();
            var notes = services.GetRequiredService<INoteService>();
            var mine = await cases.CreateAsync(acmeEngineer, new NewCase($"ACME outage {tag}", "ACME", null, null));
            await notes.AddAsync(acmeEngineer, mine.Id, new NewNote(internalText, Visibility: NoteVisibility.Internal));
            await notes.AddAsync(acmeEngineer, mine.Id, new NewNote(sharedText, Visibility: NoteVisibility.Customer));
            var theirs = await cases.CreateAsync(engineer, new NewCase($"support centre only {tag}", "Other Corp", null, null));
            return (mine.Id, theirs.Id);
        });

        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(ACustomerSeesTheirOwnCasesAndNotesButNoInternalNoteAndNothingOfAnotherOrganisation), output, async () =>
        {
            await ui.SignInAsync(customerEmail, password);
            await page.WaitForURLAsync("**/cases");
            await Assertions.Expect(page.GetByText($"ACME outage {tag}")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText($"support centre only {tag}")).ToHaveCountAsync(0);
            foreach (var staffOnly in new[] { "nav-groups", "nav-dashboard", "nav-people", "nav-audit", "nav-webhooks", "nav-data-protection" })
                await Assertions.Expect(page.Locator($"[data-testid={staffOnly}]")).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(page, "customer-case-list", output);

            await page.GotoAsync($"/cases/{customerCase}");
            await ui.WaitForInteractiveAsync();
            var notes = page.Locator("[data-testid=notes]");
            await Assertions.Expect(notes).ToContainTextAsync(sharedText);
            // Where the case stands, read-only: the workflow, the crash group and others' notes are the support centre's.
            await Assertions.Expect(page.Locator("[data-testid=case-workflow-readonly]")).ToContainTextAsync("Status new");
            foreach (var staffOnly in new[] { "case-controls", "edit-status", "case-group", "edit-note", "delete-note", "legal-hold-place" })
                await Assertions.Expect(page.Locator($"[data-testid={staffOnly}]")).ToHaveCountAsync(0);
            await Assertions.Expect(notes).Not.ToContainTextAsync(internalText);
            Assert.DoesNotContain(internalText, await page.ContentAsync());
            await page.FillAsync("[data-testid=note-body]", $"reply-{tag}: sosreport attached");
            await page.ClickAsync("[data-testid=add-note-button]");
            await Assertions.Expect(notes).ToContainTextAsync($"reply-{tag}: sosreport attached");
            await Screenshots.SaveAsync(page, "customer-case-page", output);

            await page.GotoAsync("/groups");
            await Assertions.Expect(page.Locator("[data-testid=group-filters]")).ToHaveCountAsync(0);

            await page.GotoAsync($"/cases/{staffCase}");
            await Assertions.Expect(page.GetByText("Case not found")).ToBeVisibleAsync();
            Assert.DoesNotContain($"support centre only {tag}", await page.ContentAsync());
        });
    }
}
