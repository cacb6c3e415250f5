using Crashdesk.Web.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

[Collection(E2ECollection.Name)]
public sealed class AuthenticationTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task UnauthenticatedCasePageRedirectsToLogin()
    {
        var page = await browser.NewPageAsync(app.BaseUrl);
        string casePath = $"/cases/{Guid.NewGuid()}";

        var response = await page.GotoAsync(casePath);

        // The server answered the page request itself with a redirect (not a client-side hop).
        var redirect = response!.Request.RedirectedFrom;
        Assert.NotNull(redirect);
        Assert.Equal(302, (await redirect.ResponseAsync())!.Status);
        var landed = new Uri(page.Url);
        Assert.Equal("/login", landed.AbsolutePath);
        Assert.Equal("?ReturnUrl=" + Uri.EscapeDataString(casePath), landed.Query);
        await Assertions.Expect(page.Locator("[data-testid=login-submit]")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "unauthenticated-case-page-redirects-to-login", output);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/cases")]
    [InlineData("/cases/new")]
    public async Task UnauthenticatedPagesRedirectToLogin(string path)
    {
        var page = await browser.NewPageAsync(app.BaseUrl);

        await page.GotoAsync(path);

        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task WrongPasswordIsRefusedAndNothingIsShown()
    {
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);

        await ui.SignInAsync(app.Email, app.Password + "-wrong");

        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToHaveTextAsync("Wrong e-mail or password.");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await page.GotoAsync("/cases");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await Screenshots.SaveAsync(page, "wrong-password-refused", output);
    }

    [Fact]
    public async Task SignInReturnsToTheRequestedPageAndSignOutEndsTheSession()
    {
        var page = await browser.NewPageAsync(app.BaseUrl);
        await page.GotoAsync("/cases/new");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);

        await page.FillAsync("#email", app.Email);
        await page.FillAsync("#password", app.Password);
        await page.ClickAsync("[data-testid=login-submit]");

        await page.WaitForURLAsync("**/cases/new");
        await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync(app.Email);

        await page.ClickAsync("nav >> text=Sign out");
        await page.WaitForURLAsync("**/login");
        await page.GotoAsync("/cases");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
    }
}
