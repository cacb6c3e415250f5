using System.Globalization;
using Crashdesk.Core.Dashboard;
using Crashdesk.Core.Services;
using Crashdesk.Web.E2E.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// The dashboard in real Chromium: its opened-per-week chart has one bar segment per week and crash
/// class the service counts (no more, no fewer), the open cases and the analysis queue are there. Its own case has no file: a crash would join a
/// group other tests count.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DashboardTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_opened_chart_has_one_mark_per_week_and_class_with_cases()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        // A case of its own without a file (no crash group: other tests count theirs), so this week has one.
        var (weekly, summary) = await app.AsEngineerAsync(async (services, caller) =>
        {
            await services.GetRequiredService<ICaseService>().CreateAsync(caller, new NewCase($"dashboard #{tag}", "Acme", null, null));
            var dashboard = services.GetRequiredService<IDashboardService>();
            return (await dashboard.WeeklyAsync(caller), await dashboard.SummaryAsync(caller));
        });
        var expected = weekly.Opened
            .SelectMany(s => s.Counts.Select((count, i) => (Week: weekly.Weeks[i].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Series: s.CrashClass, Count: count)))
            .Where(x => x.Count > 0).OrderBy(x => x.Week, StringComparer.Ordinal).ThenBy(x => x.Series, StringComparer.Ordinal).ToList();
        Assert.Contains(expected, x => x.Series == DashboardWindows.NoClass && x.Week == weekly.Weeks[^1].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(The_opened_chart_has_one_mark_per_week_and_class_with_cases), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await page.ClickAsync("[data-testid=nav-dashboard]");
            await page.WaitForURLAsync("**/dashboard");

            var bars = page.Locator("[data-testid=dashboard-opened-chart] rect[data-week]");
            await Assertions.Expect(bars).ToHaveCountAsync(expected.Count);
            var drawn = new List<(string Week, string Series, int Count)>();
            for (int i = 0; i < expected.Count; i++)
            {
                var bar = bars.Nth(i);
                drawn.Add((await bar.GetAttributeAsync("data-week") ?? "", await bar.GetAttributeAsync("data-series") ?? "",
                    int.Parse(await bar.GetAttributeAsync("data-count") ?? "-1", CultureInfo.InvariantCulture)));
            }
            Assert.Equal(expected, drawn.OrderBy(x => x.Week, StringComparer.Ordinal).ThenBy(x => x.Series, StringComparer.Ordinal).ToList());
            // A legend names every class drawn.
            foreach (var series in expected.Select(x => x.Series).Distinct())
                await Assertions.Expect(page.Locator($"[data-testid=dashboard-opened-chart] g.cd-chart-legend[data-series='{series}']")).ToHaveCountAsync(1);

            await Assertions.Expect(page.Locator("[data-testid=dashboard-open-total]")).ToHaveTextAsync(summary.OpenCases.ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("[data-testid=dashboard-worker]").First).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "dashboard", output);
        });
    }
}
