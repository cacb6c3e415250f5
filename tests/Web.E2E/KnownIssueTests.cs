using System.Text.RegularExpressions;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// A known issue made on a group page labels the group's cases on their pages with the verdict on
/// their kernel; the case page lists the other case of the crash as similar. The Debian soft-lockup
/// console log (other tests use other crashes); its kernel's upstream version is read from the log's
/// own boot banner ("… Debian 6.1.192-2 …"), the reference the expected sentence comes from.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class KnownIssueTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Marking_a_group_known_labels_its_cases_with_whether_their_kernel_predates_the_fix()
    {
        string log = ConsoleLogCases.Log("debian-6.1-cloud", "softlockup");
        string upstream = Banner().Match(await File.ReadAllTextAsync(log)).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(upstream), "the log has no Debian banner");
        string tag = Guid.NewGuid().ToString("N")[..8];
        var first = await ConsoleLogCases.CreateAsync(app, $"lockup at Acme #{tag}", "Acme", log);
        var second = await ConsoleLogCases.CreateAsync(app, $"lockup at Globex #{tag}", "Globex", log);
        var details = await ConsoleLogCases.WaitForAnalysesAsync(app, first, 1);
        await ConsoleLogCases.WaitForAnalysesAsync(app, second, 1);

        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(Marking_a_group_known_labels_its_cases_with_whether_their_kernel_predates_the_fix), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await page.GotoAsync($"/groups/{details.GroupId}");
            await CrashdeskUi.WaitForInteractiveAsync(page, "group-page");

            // A fixed-in entry nobody can read is refused with the entry named.
            await page.ClickAsync("[data-testid=known-issue-mark]");
            await page.FillAsync("[data-testid=known-issue-title]", $"soft lockup in corpus_crash #{tag}");
            await page.FillAsync("[data-testid=known-issue-fixed-in]", "soon");
            await page.ClickAsync("[data-testid=known-issue-save]");
            await Assertions.Expect(page.Locator("[data-testid=known-issue-error]")).ToContainTextAsync("soon");

            await page.FillAsync("[data-testid=known-issue-fixed-in]", "6.1.200");
            await page.FillAsync("[data-testid=known-issue-links]", "https://bugs.example.org/4711");
            await page.FillAsync("[data-testid=known-issue-workaround]", "Boot with `softlockup_panic=0` until **6.1.200**.");
            await page.ClickAsync("[data-testid=known-issue-save]");
            await Assertions.Expect(page.Locator("[data-testid=known-issue-fix]")).ToHaveTextAsync("6.1.200");
            await Assertions.Expect(page.Locator("[data-testid=known-issue-workaround-html] strong")).ToHaveTextAsync("6.1.200");
            await Screenshots.SaveAsync(page, "known-issue-group", output);

            // Both cases carry the label in the list at once.
            await page.GotoAsync($"/cases?q={tag}");
            await Assertions.Expect(page.Locator("[data-testid=case-known-issue-badge]")).ToHaveCountAsync(2);

            await page.GotoAsync($"/cases/{first}");
            await ui.WaitForInteractiveAsync();
            var banner = page.Locator("[data-testid=case-known-issue]");
            await Assertions.Expect(banner).ToHaveAttributeAsync("data-verdict", "predates-fix");
            await Assertions.Expect(banner.Locator("[data-testid=case-known-issue-verdict]")).ToContainTextAsync($"{upstream} predates the fix 6.1.200");
            var similar = page.Locator("[data-testid=similar-case]").First;
            await Assertions.Expect(similar.Locator("[data-testid=similar-case-link]")).ToHaveAttributeAsync("href", $"/cases/{second}");
            await Assertions.Expect(similar.Locator("[data-testid=similar-case-reasons]")).ToContainTextAsync("same crash signature");
            await Screenshots.SaveAsync(page, "case-known-issue", output);

            // The fix moved before the kernel: the label says look again.
            await page.GotoAsync($"/groups/{details.GroupId}");
            await CrashdeskUi.WaitForInteractiveAsync(page, "group-page");
            await page.ClickAsync("[data-testid=known-issue-edit]");
            await page.FillAsync("[data-testid=known-issue-fixed-in]", "6.1.100");
            await page.ClickAsync("[data-testid=known-issue-save]");
            await Assertions.Expect(page.Locator("[data-testid=known-issue-fix]")).ToHaveTextAsync("6.1.100");
            await page.GotoAsync($"/cases/{second}");
            await ui.WaitForInteractiveAsync();
            await Assertions.Expect(page.Locator("[data-testid=case-known-issue]")).ToHaveAttributeAsync("data-verdict", "has-fix");
            await Assertions.Expect(page.Locator("[data-testid=case-known-issue-verdict]")).ToContainTextAsync($"{upstream} has the fix 6.1.100");
        });
    }

    [GeneratedRegex(@"Linux version .* Debian (\d+\.\d+\.\d+)-")]
    private static partial Regex Banner();
}
