using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Crashdesk.Web.E2E.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// Crash groups across organisations in real Chromium: an engineer of two customer organisations
/// (a person of this test only, so the shared engineer's pages keep one organisation) opens the group
/// list, follows its link to /groups/across, sees both organisations and the shared crash with each
/// one's count, and follows the link to the other organisation's group (the session switches to it).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class AcrossOrganizationGroupsTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task An_engineer_of_two_organisations_sees_both_and_opens_the_other_organisations_group()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        string email = $"two-orgs-{tag}@e2e.crashdesk.test", password = $"pw-{Guid.NewGuid():N}";
        string nameA = $"Acme {tag}", nameB = $"Globex {tag}";
        string log = ConsoleLogCases.Log("debian-6.1-cloud", "oops-null");
        var (orgA, orgB, caseA, caseB) = await app.AsEngineerAsync(async (services, _) =>
        {
            var organizations = services.GetRequiredService<IOrganizationService>();
            Guid a = await organizations.EnsureAsync(nameA), b = await organizations.EnsureAsync(nameB);
            var inA = await services.GetRequiredService<IUserService>().CreateAsync(a, email, "Two Orgs Engineer", password, OrganizationRole.Engineer);
            var db = services.GetRequiredService<CrashdeskDbContext>();
            db.Memberships.Add(new Membership { UserId = inA.UserId, OrganizationId = b, Role = OrganizationRole.Engineer });
            await db.SaveChangesAsync();
            var inB = inA with { OrganizationId = b };
            var cases = services.GetRequiredService<ICaseService>();
            var artifacts = services.GetRequiredService<IArtifactService>();
            var ids = new List<Guid>();
            foreach (var caller in new[] { inA, inB })
            {
                var id = (await cases.CreateAsync(caller, new NewCase($"null deref #{tag}", caller == inA ? nameA : nameB, null, null))).Id;
                await using var file = File.OpenRead(log);
                await artifacts.UploadAsync(caller, id, Path.GetFileName(log), ArtifactKind.ConsoleLog, file);
                ids.Add(id);
            }
            return (a, b, ids[0], ids[1]);
        });
        var groupB = await WaitForGroupAsync(orgB, caseB);
        await WaitForGroupAsync(orgA, caseA);

        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(An_engineer_of_two_organisations_sees_both_and_opens_the_other_organisations_group), output, async () =>
        {
            await ui.SignInAsync(email, password);
            await page.WaitForURLAsync("**/cases");
            await page.GotoAsync("/groups");
            await page.ClickAsync("[data-testid=groups-across-link]");
            await page.WaitForURLAsync("**/groups/across");
            await Assertions.Expect(page.Locator("[data-testid=across-heading]")).ToHaveTextAsync("Crash groups across 2 organisations");
            await Assertions.Expect(page.Locator("[data-testid=across-organization]")).ToHaveTextAsync([nameA, nameB]);
            var row = page.Locator("[data-testid=across-row]");
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row.Locator("[data-testid=across-case-count]")).ToHaveTextAsync("2");
            foreach (var organization in new[] { orgA, orgB })
                await Assertions.Expect(row.Locator($"[data-testid=across-organization-group][data-organization-id='{organization}'] [data-testid=across-organization-cases]"))
                    .ToHaveTextAsync("1");
            await Screenshots.SaveAsync(page, "groups-across-organisations", output);

            // The other organisation's group: the link switches the session to it and opens the group.
            await row.Locator($"[data-testid=across-group-link][data-organization-id='{orgB}']").ClickAsync();
            await page.WaitForURLAsync($"**/groups/{groupB}");
            await CrashdeskUi.WaitForInteractiveAsync(page, "group-page");
            await Assertions.Expect(page.Locator("[data-testid=group-title]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=also-seen-in]")).ToContainTextAsync(nameA);
            await Screenshots.SaveAsync(page, "group-also-seen-in", output);
        });
    }

    /// <summary>The case's group once its analysis is done (read through Core, as the analysis stored it).</summary>
    private Task<Guid> WaitForGroupAsync(Guid organization, Guid caseId) => app.AsEngineerAsync(async (services, _) =>
    {
        var db = services.GetRequiredService<CrashdeskDbContext>();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var groupId = db.Cases.Where(c => c.Id == caseId && c.OrganizationId == organization).Select(c => c.GroupId).SingleOrDefault();
            if (groupId is { } found)
                return found;
            Assert.True(DateTime.UtcNow < deadline, $"case {caseId} joined no group in 3 minutes\nserver output:\n{app.Server.RecentOutput}");
            await Task.Delay(250);
            db.ChangeTracker.Clear();
        }
    });
}
