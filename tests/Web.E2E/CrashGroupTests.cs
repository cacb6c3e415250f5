using System.Globalization;
using System.Text.RegularExpressions;
using Crashdesk.Core.Groups;
using Crashdesk.Core.Services;
using Crashdesk.Web.E2E.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// Crash groups in real Chromium: a person merges two groups, splits a case off and moves one by
/// hand on the pages, and a re-analysis through the API leaves every correction in place; the group
/// page's weekly chart has one bar per week the service counts. Signatures do not depend on the
/// kernel, and other tests upload the sysrq, hung-task, oops and BUG crashes (one counts a BUG's
/// cases): these tests use the WARNING and OOM logs (corrections) and the soft lockup (chart) only.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class CrashGroupTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_merge_a_split_and_a_move_by_hand_made_in_the_browser_hold_after_re_analysis()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        string warn = ConsoleLogCases.Log("mini-6.1-lockdep", "warn"), oom = ConsoleLogCases.Log("mini-6.1-lockdep", "oom");
        var w1 = await ConsoleLogCases.CreateAsync(app, $"warn one #{tag}", "Acme", warn);
        var w2 = await ConsoleLogCases.CreateAsync(app, $"warn two #{tag}", "Globex", warn);
        var o1 = await ConsoleLogCases.CreateAsync(app, $"oom one #{tag}", "Acme", oom);
        var o2 = await ConsoleLogCases.CreateAsync(app, $"oom two #{tag}", "Initech", oom);
        var analysed = new Dictionary<Guid, CaseDetails>();
        foreach (var id in new[] { w1, w2, o1, o2 })
            analysed[id] = await ConsoleLogCases.WaitForAnalysesAsync(app, id, 1);
        Guid warnGroup = analysed[w1].GroupId!.Value, oomGroup = analysed[o1].GroupId!.Value;
        string warnTitle = analysed[w1].GroupTitle!, oomTitle = analysed[o1].GroupTitle!;
        Assert.True(warnGroup == analysed[w2].GroupId,
            $"the second WARNING case is in group {analysed[w2].GroupId?.ToString() ?? "none"} (signature {analysed[w2].CrashSignature ?? "none"}, title {analysed[w2].TriageTitle ?? "none"}, analyses {string.Join(", ", analysed[w2].Analyses.Select(a => a.Status))}), the first in {warnGroup}\nserver output:\n{app.Server.RecentOutput}");
        Assert.Equal(oomGroup, analysed[o2].GroupId);
        Assert.NotEqual(warnGroup, oomGroup);

        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        string splitTitle = $"warn on the Globex hosts #{tag}";
        await Screenshots.OnFailureAsync(page, nameof(A_merge_a_split_and_a_move_by_hand_made_in_the_browser_hold_after_re_analysis), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");

            // The list: both groups, each with its two cases; search narrows it to one.
            await page.ClickAsync("[data-testid=nav-groups]");
            await page.WaitForURLAsync("**/groups");
            await Assertions.Expect(Row(page, warnGroup).Locator("[data-testid=group-case-count]")).ToHaveTextAsync("2");
            await Assertions.Expect(Row(page, oomGroup).Locator("[data-testid=group-case-count]")).ToHaveTextAsync("2");
            await Screenshots.SaveAsync(page, "groups-list", output);
            await page.FillAsync("[data-testid=group-search]", oomTitle);
            await page.ClickAsync("[data-testid=group-apply]");
            await page.WaitForURLAsync(new Regex(@"/groups\?q="));
            await Assertions.Expect(page.Locator("[data-testid=group-row]")).ToHaveCountAsync(1);
            await Assertions.Expect(Row(page, oomGroup)).ToBeVisibleAsync();

            // 1. Merge the OOM group into the WARNING group, found by its title.
            await Row(page, oomGroup).Locator("[data-testid=group-link]").ClickAsync();
            await page.WaitForURLAsync($"**/groups/{oomGroup}");
            await WaitForGroupPageAsync(page);
            await page.FillAsync("[data-testid=merge-target-search]", warnTitle);
            await page.ClickAsync($"[data-testid=merge-target-choice][data-group-id='{warnGroup}']");
            await page.ClickAsync("[data-testid=merge-button]");
            await Assertions.Expect(page.Locator("[data-testid=merge-confirm]")).ToContainTextAsync("There is no unmerge");
            await page.ClickAsync("[data-testid=merge-confirm-button]");
            var mergedLink = page.Locator("[data-testid=group-merged-link]");
            await Assertions.Expect(mergedLink).ToHaveTextAsync(warnTitle);
            await mergedLink.ClickAsync();
            await page.WaitForURLAsync($"**/groups/{warnGroup}");
            await WaitForGroupPageAsync(page);
            foreach (var id in new[] { w1, w2, o1, o2 })
                await Assertions.Expect(CaseRow(page, id)).ToBeVisibleAsync();

            // 2. Split w2 off; without a title the service refuses and the page says why.
            await CaseRow(page, w2).Locator("[data-testid=group-case-select]").CheckAsync();
            await page.ClickAsync("[data-testid=split-button]");
            await Assertions.Expect(page.Locator("[data-testid=group-action-error]")).ToContainTextAsync("a group's title is 1 to 500 characters");
            await page.FillAsync("[data-testid=split-title]", splitTitle);
            await page.ClickAsync("[data-testid=split-button]");
            await Assertions.Expect(page.Locator("[data-testid=split-done]")).ToContainTextAsync(splitTitle);
            await Assertions.Expect(CaseRow(page, w2)).ToHaveCountAsync(0);
            Guid splitGroup = Guid.Parse((await page.GetAttributeAsync("[data-testid=split-link]", "href"))!.Split('/').Last());
            await page.ClickAsync("[data-testid=split-link]");
            await page.WaitForURLAsync($"**/groups/{splitGroup}");
            await WaitForGroupPageAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=group-title]")).ToHaveTextAsync(splitTitle);
            await Assertions.Expect(CaseRow(page, w2).Locator("[data-testid=group-case-pinned]")).ToBeVisibleAsync();

            // 3. Move o2 by hand into the split group, from its case page.
            await page.GotoAsync($"/cases/{o2}");
            await ui.WaitForInteractiveAsync();
            await Assertions.Expect(page.Locator("[data-testid=case-group-link]")).ToHaveTextAsync(warnTitle);
            await page.ClickAsync("[data-testid=case-group-move]");
            await page.FillAsync("[data-testid=case-group-target-search]", splitTitle);
            await page.ClickAsync($"[data-testid=case-group-target-choice][data-group-id='{splitGroup}']");
            await page.ClickAsync("[data-testid=case-group-move-confirm]");
            await Assertions.Expect(page.Locator("[data-testid=case-group-link]")).ToHaveTextAsync(splitTitle);
            await Assertions.Expect(page.Locator("[data-testid=case-group-pinned]")).ToHaveTextAsync("placed by hand");
            var moves = page.Locator("[data-testid=timeline-event][data-kind=group]");
            await Assertions.Expect(moves).ToHaveCountAsync(2);
            // Newest first.
            await Assertions.Expect(moves.First).ToContainTextAsync($"moved to \"{splitTitle}\"");
            await Assertions.Expect(moves.Last).ToContainTextAsync($"merged into \"{warnTitle}\"");
            await Screenshots.SaveAsync(page, "case-moved-to-group", output);

            // 4. Analyse all four again through the API (the session's cookie and antiforgery token).
            string token = (await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value"))!;
            foreach (var id in new[] { w1, w2, o1, o2 })
            {
                var response = await page.APIRequest.PostAsync($"/api/v1/cases/{id}/analyses", new APIRequestContextOptions
                {
                    Headers = new Dictionary<string, string> { ["RequestVerificationToken"] = token },
                    DataObject = new { },
                });
                Assert.True(response.Status == 202, $"re-analysis of {id}: {response.Status} {await response.TextAsync()}");
            }
            var after = new Dictionary<Guid, CaseDetails>();
            foreach (var id in new[] { w1, w2, o1, o2 })
                after[id] = await ConsoleLogCases.WaitForAnalysesAsync(app, id, 2);

            // The merge is followed (o1 re-joins its signature's group, which points at the WARNING
            // group); the split-off and the moved case stay pinned where people put them.
            Assert.Equal((warnGroup, false), (after[w1].GroupId!.Value, after[w1].GroupPinned));
            Assert.Equal((warnGroup, false), (after[o1].GroupId!.Value, after[o1].GroupPinned));
            Assert.Equal((splitGroup, true), (after[w2].GroupId!.Value, after[w2].GroupPinned));
            Assert.Equal((splitGroup, true), (after[o2].GroupId!.Value, after[o2].GroupPinned));

            // And the pages say so.
            await page.GotoAsync($"/groups/{splitGroup}");
            await WaitForGroupPageAsync(page);
            await Assertions.Expect(CaseRow(page, w2).Locator("[data-testid=group-case-pinned]")).ToBeVisibleAsync();
            await Assertions.Expect(CaseRow(page, o2).Locator("[data-testid=group-case-pinned]")).ToBeVisibleAsync();
            await page.GotoAsync($"/groups/{warnGroup}");
            await WaitForGroupPageAsync(page);
            await Assertions.Expect(CaseRow(page, w1)).ToBeVisibleAsync();
            await Assertions.Expect(CaseRow(page, o1)).ToBeVisibleAsync();
            await Assertions.Expect(CaseRow(page, w2)).ToHaveCountAsync(0);
            await Assertions.Expect(CaseRow(page, o2)).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=representative-frames]")).Not.ToBeEmptyAsync();
            await Screenshots.SaveAsync(page, "group-after-corrections", output);
            await page.GotoAsync($"/groups/{oomGroup}");
            await Assertions.Expect(page.Locator("[data-testid=group-merged-link]")).ToHaveTextAsync(warnTitle);
        });
    }

    [Fact]
    public async Task The_weekly_chart_has_one_bar_per_week_with_cases_and_its_labels_do_not_overlap()
    {
        // Six soft lockups, opened (by the test's hand on created_at) over three months with empty weeks between.
        string tag = Guid.NewGuid().ToString("N")[..8];
        int[] daysAgo = [0, 1, 15, 36, 37, 80];
        var cases = new List<Guid>();
        foreach (int days in daysAgo)
            cases.Add(await ConsoleLogCases.CreateAsync(app, $"soft lockup {days} days ago #{tag}", $"Customer {cases.Count % 3}",
                ConsoleLogCases.Log("mini-6.1-lockdep", "softlockup")));
        foreach (var id in cases)
            await ConsoleLogCases.WaitForAnalysesAsync(app, id, 1);
        var (groupId, weekly) = await app.AsEngineerAsync(async (services, caller) =>
        {
            var db = services.GetRequiredService<Crashdesk.Core.Data.CrashdeskDbContext>();
            for (int i = 0; i < cases.Count; i++)
                await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE cases SET created_at = now() - make_interval(days => {daysAgo[i]}) WHERE id = {cases[i]}");
            var details = await services.GetRequiredService<ICaseService>().GetAsync(caller, cases[0]);
            var view = await services.GetRequiredService<ICrashGroupService>().GetAsync(caller, details!.GroupId!.Value);
            return (view!.Summary.Id, view.Weekly);
        });
        Assert.True(weekly.Count >= 4, $"the cases fall into {weekly.Count} weeks");

        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(The_weekly_chart_has_one_bar_per_week_with_cases_and_its_labels_do_not_overlap), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await page.GotoAsync($"/groups/{groupId}");
            await WaitForGroupPageAsync(page);

            var chart = page.Locator("[data-testid=group-weekly-chart]");
            var bars = chart.Locator("rect[data-week]");
            await Assertions.Expect(bars).ToHaveCountAsync(weekly.Count);
            var drawn = new List<(string Week, string Count, float X)>();
            for (int i = 0; i < weekly.Count; i++)
            {
                var bar = bars.Nth(i);
                var box = (await bar.BoundingBoxAsync())!;
                drawn.Add((await bar.GetAttributeAsync("data-week") ?? "", await bar.GetAttributeAsync("data-count") ?? "", box.X));
            }
            Assert.Equal(weekly.Select(w => (w.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), w.Cases.ToString(CultureInfo.InvariantCulture))),
                drawn.Select(d => (d.Week, d.Count)));
            // One continuous axis: a bar's distance from the first is its weeks from the first.
            double slot = (drawn[^1].X - drawn[0].X) / ((weekly[^1].WeekStart.DayNumber - weekly[0].WeekStart.DayNumber) / 7.0);
            for (int i = 1; i < weekly.Count; i++)
                Assert.Equal((weekly[i].WeekStart.DayNumber - weekly[0].WeekStart.DayNumber) / 7.0 * slot, drawn[i].X - drawn[0].X, 1.0);

            // The axis' labels as the browser laid them out: none overlaps another.
            var labels = chart.Locator("text");
            var boxes = new List<(string Text, LocatorBoundingBoxResult Box)>();
            for (int i = 0; i < await labels.CountAsync(); i++)
                boxes.Add(((await labels.Nth(i).TextContentAsync())!, (await labels.Nth(i).BoundingBoxAsync())!));
            Assert.Contains(boxes, b => b.Text.Length >= 3 && char.IsLetter(b.Text[0])); // a month
            for (int i = 0; i < boxes.Count; i++)
                for (int j = i + 1; j < boxes.Count; j++)
                    Assert.False(Overlap(boxes[i].Box, boxes[j].Box), $"the labels “{boxes[i].Text}” and “{boxes[j].Text}” overlap");

            await Assertions.Expect(page.Locator("[data-testid=group-kernel-count]")).ToHaveTextAsync(daysAgo.Length.ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("[data-testid=representative-log]")).ToContainTextAsync("soft lockup");
            await Screenshots.SaveAsync(page, "group-page", output);
            await chart.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Screenshots.Directory, "group-weekly-chart.png") });
            output.WriteLine($"screenshot: {Path.Combine(Screenshots.Directory, "group-weekly-chart.png")}");
        });
    }

    private static ILocator Row(IPage page, Guid groupId) => page.Locator($"[data-testid=group-row][data-group-id='{groupId}']");

    private static ILocator CaseRow(IPage page, Guid caseId) => page.Locator($"[data-testid=group-case][data-case-id='{caseId}']");

    private static Task WaitForGroupPageAsync(IPage page) => CrashdeskUi.WaitForInteractiveAsync(page, "group-page");

    private static bool Overlap(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;
}
