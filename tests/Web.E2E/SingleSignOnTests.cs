using Crashdesk.Api.Tests.Support;
using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// Single sign-on in Chromium against a real OpenID Connect provider (oidc-provider): the login page's
/// "Sign in with …", the provider's own login form, and back in Crashdesk with our session.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class SingleSignOnTests(Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task SignInWithTheCompanyProviderLandsSignedIn()
    {
        // The provider must know Crashdesk's callback before either starts: the port is chosen first.
        int port = OidcTestProvider.FreePort();
        await using var provider = await OidcTestProvider.StartAsync($"http://127.0.0.1:{port}/signin-oidc");
        var app = new CrashdeskApp("Warning", new Dictionary<string, string>
        {
            ["Authentication__Oidc__Authority"] = provider.Issuer,
            ["Authentication__Oidc__ClientId"] = OidcTestProvider.ClientId,
            ["Authentication__Oidc__ClientSecret"] = provider.ClientSecret,
            ["Authentication__Oidc__DisplayName"] = "Company SSO",
        }, port);
        await app.InitializeAsync();
        try
        {
            provider.AddAccount("e2e-engineer", app.Email, emailVerified: true, name: "E2E Engineer");
            var page = await browser.NewPageAsync(app.BaseUrl);
            await Screenshots.OnFailureAsync(page, nameof(SignInWithTheCompanyProviderLandsSignedIn), output, async () =>
            {
                await page.GotoAsync("/cases/new");
                Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
                var sso = page.Locator("[data-testid=sso-signin]");
                await Assertions.Expect(sso).ToHaveTextAsync("Sign in with Company SSO");
                await Screenshots.SaveAsync(page, "sso-login-page", output);

                await sso.ClickAsync();
                // The provider's own login form (oidc-provider's development interactions), on its own origin.
                await page.WaitForURLAsync($"{provider.Issuer}/interaction/**");
                await page.FillAsync("input[name=login]", "e2e-engineer");
                await page.FillAsync("input[name=password]", "any password");
                await Screenshots.SaveAsync(page, "sso-provider-login-form", output);
                await page.ClickAsync("button[type=submit]");

                await page.WaitForURLAsync($"{app.BaseUrl}/cases/new");
                await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync(app.Email);
                Assert.Contains(await page.Context.CookiesAsync(), c => c.Name == "crashdesk.session");
                await Screenshots.SaveAsync(page, "sso-signed-in", output);
            });
            await page.Context.CloseAsync();

            // The administrator sees the identity the sign-in linked (by the verified e-mail) and unlinks it.
            var adminPage = await browser.NewPageAsync(app.BaseUrl);
            await Screenshots.OnFailureAsync(adminPage, nameof(SignInWithTheCompanyProviderLandsSignedIn) + "-people", output, async () =>
            {
                var ui = new CrashdeskUi(adminPage);
                await ui.SignInAsync(app.AdminEmail, app.AdminPassword);
                await adminPage.WaitForURLAsync("**/cases");
                await adminPage.GotoAsync("/admin/people");
                await CrashdeskUi.WaitForInteractiveAsync(adminPage, "people-page");
                var identity = adminPage.Locator($"[data-testid=member-row][data-email='{app.Email}'] [data-testid=external-login]");
                await Assertions.Expect(identity).ToContainTextAsync($"{provider.Issuer} · e2e-engineer");
                await Screenshots.SaveAsync(adminPage, "sso-people-identity", output);
                await identity.Locator("[data-testid=unlink-login]").ClickAsync();
                await Assertions.Expect(identity).ToHaveCountAsync(0);
            });
            await adminPage.Context.CloseAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
