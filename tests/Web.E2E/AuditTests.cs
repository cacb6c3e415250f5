using System.Net;
using Crashdesk.Core.Data;
using Crashdesk.Core.Services;
using Crashdesk.Web.E2E.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// The audit log in real Chromium against the real server process: an engineer's report view and download are on
/// the administrator's audit page with the engineer as actor; and no line any server process of the run printed
/// holds an API key, a password or a session cookie.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class AuditTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task TheAuditPageShowsWhoViewedTheReportAndDownloadedTheFile()
    {
        var caseId = await ConsoleLogCases.CreateAsync(app, $"audited #{Guid.NewGuid().ToString("N")[..8]}", "Audit Corp",
            ConsoleLogCases.Log("mini-6.1-lockdep", "warn"));
        await ConsoleLogCases.WaitForAnalysesAsync(app, caseId, 1);
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(TheAuditPageShowsWhoViewedTheReportAndDownloadedTheFile), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await page.GotoAsync($"/cases/{caseId}");
            await ui.WaitForInteractiveAsync();
            await Assertions.Expect(page.Locator("[data-testid=triage]")).ToBeVisibleAsync();
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=artifact-download]").First.ClickAsync());
            Assert.Equal("warn.console.txt", download.SuggestedFilename);
            await page.Context.CloseAsync();

            var adminPage = await browser.NewPageAsync(app.BaseUrl);
            var admin = new CrashdeskUi(adminPage);
            await admin.SignInAsync(app.AdminEmail, app.AdminPassword);
            await adminPage.WaitForURLAsync("**/cases");
            await adminPage.ClickAsync("[data-testid=nav-audit]");
            await CrashdeskUi.WaitForInteractiveAsync(adminPage, "audit-page");
            await adminPage.FillAsync("[data-testid=audit-case]", caseId.ToString());
            await adminPage.ClickAsync("[data-testid=audit-search]");
            var downloadRow = adminPage.Locator("[data-testid=audit-row][data-action='artifact.download']");
            await Assertions.Expect(downloadRow).ToHaveCountAsync(1);
            await Assertions.Expect(downloadRow.Locator("[data-testid=audit-row-actor]")).ToContainTextAsync("E2E Engineer");
            await Assertions.Expect(downloadRow.Locator("[data-testid=audit-row-actor]")).ToContainTextAsync(app.Email);
            await Assertions.Expect(downloadRow.Locator("[data-testid=audit-row-via]")).ToHaveTextAsync("session");
            await Assertions.Expect(downloadRow.Locator("[data-testid=audit-row-detail]")).ToContainTextAsync("fileName: warn.console.txt");
            // The case page reads the report twice (prerendered, then in its circuit) but shows it once: one row.
            var views = adminPage.Locator("[data-testid=audit-row][data-action='report.view']");
            await Assertions.Expect(views).ToHaveCountAsync(1);
            await Assertions.Expect(views.First.Locator("[data-testid=audit-row-actor]")).ToContainTextAsync("E2E Engineer");
            await Assertions.Expect(views.First.Locator("[data-testid=audit-row-detail]")).ToContainTextAsync("via: page");
            await Screenshots.SaveAsync(adminPage, "audit-log", output);
            await adminPage.Context.CloseAsync();
        });
    }

    [Fact]
    public async Task NoServerLogLineOfTheRunHoldsTheApiKeyThePasswordOrTheSessionCookie()
    {
        // A server of its own that logs everything at Debug (ASP.NET Core, EF Core, Hangfire included).
        var verbose = new CrashdeskApp("Debug");
        await verbose.InitializeAsync();
        try
        {
            var key = await verbose.AsEngineerAsync((services, caller) => services.GetRequiredService<IApiKeyService>().CreateAsync(caller, new NewApiKey("e2e")));
            var caseId = await ConsoleLogCases.CreateAsync(verbose, "secrets", "Secret Corp", ConsoleLogCases.Log("mini-6.1-lockdep", "warn"));
            var details = await ConsoleLogCases.WaitForAnalysesAsync(verbose, caseId, 1);
            var artifactId = details.Artifacts[0].Id;

            using (var api = new HttpClient { BaseAddress = new Uri(verbose.BaseUrl) })
            {
                api.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
                Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/cases/{caseId}/report")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/cases/{caseId}/artifacts/{artifactId}/content")).StatusCode);
            }
            using (var wrong = new HttpClient { BaseAddress = new Uri(verbose.BaseUrl) })
            {
                // A key with one character more is refused; its refusal must not print it either.
                wrong.DefaultRequestHeaders.Add("X-Api-Key", key.Secret + "x");
                Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync($"/api/v1/cases/{caseId}/report")).StatusCode);
            }

            var page = await browser.NewPageAsync(verbose.BaseUrl);
            var ui = new CrashdeskUi(page);
            string cookie = "";
            await Screenshots.OnFailureAsync(page, nameof(NoServerLogLineOfTheRunHoldsTheApiKeyThePasswordOrTheSessionCookie), output, async () =>
            {
                await ui.SignInAsync(verbose.Email, "wrong " + verbose.Password);
                await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToBeVisibleAsync();
                await ui.SignInAsync(verbose.Email, verbose.Password);
                await page.WaitForURLAsync("**/cases");
                cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "crashdesk.session").Value;
                await page.GotoAsync($"/cases/{caseId}");
                await ui.WaitForInteractiveAsync();
                await Assertions.Expect(page.Locator("[data-testid=triage]")).ToBeVisibleAsync();
                await page.ClickAsync("text=Sign out");
                await page.WaitForURLAsync("**/login");
            });
            await page.Context.CloseAsync();

            // The reads were recorded with the right actor: the key for the API, the session for the page.
            var recorded = await verbose.AsEngineerAsync(async (services, caller) =>
                await services.GetRequiredService<CrashdeskDbContext>().AuditEvents.AsNoTracking()
                    .Where(e => e.CaseId == caseId).Select(e => new { e.Action, e.ApiKeyId, e.ActorUserId }).ToListAsync());
            Assert.Contains(recorded, e => e.Action == "artifact.download" && e.ApiKeyId == key.Key.Id);
            Assert.Contains(recorded, e => e.Action == "report.view" && e.ApiKeyId == key.Key.Id);
            Assert.Contains(recorded, e => e.Action == "report.view" && e.ApiKeyId == null);

            var lines = ServerProcess.EveryLineOfTheRun;
            // Proof the log was listening: at Debug the host prints each request it routes.
            Assert.True(lines.Count(l => l.Contains("/api/v1/cases/", StringComparison.Ordinal)) >= 3,
                $"the Debug server printed too little to judge ({lines.Count} lines):\n{verbose.Server.RecentOutput}");
            var secrets = new Dictionary<string, string> { ["API key"] = key.Secret, ["password"] = verbose.Password, ["session cookie"] = cookie };
            Assert.True(cookie.Length > 20, "no session cookie was read");
            var leaks = (from line in lines
                         from secret in secrets
                         where line.Contains(secret.Value, StringComparison.Ordinal)
                         select $"{secret.Key}: {line.Replace(secret.Value, "<" + secret.Key + ">", StringComparison.Ordinal)}").ToList();
            output.WriteLine($"{lines.Count} server log lines searched for the API key, the password and the session cookie");
            Assert.True(leaks.Count == 0, $"{leaks.Count} log lines hold a secret:\n{string.Join('\n', leaks.Take(20))}");
        }
        finally
        {
            await verbose.DisposeAsync();
        }
    }
}
