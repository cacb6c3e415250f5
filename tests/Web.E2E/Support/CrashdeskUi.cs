using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crashdesk.Web.E2E.Support;

/// <summary>The steps an engineer takes in the UI, as Playwright actions on one page.</summary>
public sealed partial class CrashdeskUi(IPage page)
{
    public IPage Page { get; } = page;

    public async Task SignInAsync(string email, string password)
    {
        await Page.GotoAsync("/login");
        await Page.FillAsync("#email", email);
        await Page.FillAsync("#password", password);
        await Page.ClickAsync("[data-testid=login-submit]");
    }

    /// <summary>Fills the new-case form and returns the new case's id (from the URL it lands on).</summary>
    public async Task<Guid> CreateCaseAsync(string title, string organization, string ticket, string description)
    {
        await Page.ClickAsync("nav >> text=New case");
        await Page.WaitForURLAsync("**/cases/new");
        await Page.FillAsync("#title", title);
        await Page.FillAsync("#customer", organization);
        await Page.FillAsync("#ticket", ticket);
        await Page.FillAsync("#description", description);
        await Page.ClickAsync("[data-testid=new-case-submit]");
        await Page.WaitForURLAsync(CasePageUrl());
        return Guid.Parse(CasePageUrl().Match(Page.Url).Groups["id"].Value);
    }

    /// <summary>Chooses the file and kind in the upload form and presses Upload (once the page is interactive).</summary>
    public async Task StartUploadAsync(string path, string kind)
    {
        await WaitForInteractiveAsync();
        await Page.SelectOptionAsync("[data-testid=upload-kind]", kind);
        await Page.SetInputFilesAsync("[data-testid=upload-file]", path);
        // The button is enabled by the circuit once it has the file's name and size: one round trip,
        // which has taken more than Playwright's default 5 s on a busy 2-core machine.
        var button = Page.Locator("[data-testid=upload-button]");
        // A choice made while the panel re-renders (the page's poll) can be lost with the input element:
        // choose once more if the button has not come on within a while, as a person would.
        try
        {
            await Assertions.Expect(button).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = 15_000 });
        }
        catch (PlaywrightException)
        {
            await Page.SetInputFilesAsync("[data-testid=upload-file]", path);
            await Assertions.Expect(button).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = CircuitBudgetMs });
        }
        await button.ClickAsync();
    }

    /// <summary>Waits until the case page's circuit is up (its buttons and selects work).</summary>
    public Task WaitForInteractiveAsync() => WaitForInteractiveAsync(Page, "case-page");

    /// <summary>
    /// Waits until a page (by its data-testid) says its circuit is up and its data loaded. Longer than
    /// the default 15 s: on a busy 2-core CI machine a page's first circuit (its JIT, the SignalR
    /// connection, the first queries) has taken more than that while other analyses ran.
    /// </summary>
    public static Task WaitForInteractiveAsync(IPage page, string pageTestId) =>
        page.Locator($"[data-testid={pageTestId}][data-interactive=true]")
            .WaitForAsync(new LocatorWaitForOptions { Timeout = CircuitBudgetMs });

    /// <summary>How long one circuit step (first render, a round trip) may take on a busy CI machine.</summary>
    private const float CircuitBudgetMs = 45_000;

    /// <summary>Opens a tab of the case page (overview, log, backtraces, tasks, locks) and waits until it is shown.</summary>
    public async Task OpenTabAsync(string tab)
    {
        var link = Page.Locator($"[data-testid=tab-{tab}]");
        await link.ClickAsync();
        await Assertions.Expect(link).ToHaveClassAsync(new Regex(@"\bactive\b"));
    }

    /// <summary>Waits until the newest analysis is done or failed (on the overview tab) and returns that status.</summary>
    public async Task<string> WaitForAnalysisEndAsync(TimeSpan timeout)
    {
        var overview = Page.Locator("[data-testid=tab-overview]");
        if (await overview.CountAsync() > 0 && !(await overview.GetAttributeAsync("class") ?? "").Contains("active", StringComparison.Ordinal))
            await OpenTabAsync("overview");
        var badge = Page.Locator("[data-testid=analysis] header [data-testid=status-badge]");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-status", new Regex("^(done|failed)$"),
            new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)timeout.TotalMilliseconds });
        return (await badge.GetAttributeAsync("data-status"))!;
    }

    [GeneratedRegex(@"/cases/(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")]
    private static partial Regex CasePageUrl();
}
