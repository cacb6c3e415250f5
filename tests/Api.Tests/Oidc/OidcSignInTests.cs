using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Accounts;
using Crashdesk.Core.Audit;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests.Oidc;

/// <summary>
/// Single sign-on against a real OpenID Connect provider: the authorization code flow with PKCE from the login
/// page's button through the provider's login form and back, ending in our own server-side session.
/// </summary>
public sealed class OidcSignInTests(OidcFixture fixture) : IClassFixture<OidcFixture>
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task Login_page_offers_the_provider_by_its_display_name_only_when_configured()
    {
        using var browser = new OidcBrowser(fixture.Host);
        string page = await browser.Crashdesk.GetStringAsync("/login");
        Assert.Contains("Sign in with Test SSO", page);

        await using var plain = await ApiFactory.CreateAsync();
        using var client = plain.ClientWithKey(null);
        Assert.DoesNotContain("Sign in with", await client.GetStringAsync("/login"));
        using var sso = await client.GetAsync("/login/sso");
        Assert.NotEqual(HttpStatusCode.Redirect, sso.StatusCode);
    }

    [Fact]
    public async Task A_verified_email_links_the_identity_and_signs_in_with_our_session()
    {
        var user = await CreateUserAsync(OrganizationRole.Engineer);
        string subject = NewSubject();
        fixture.Provider.AddAccount(subject, user.Email.ToUpperInvariant(), emailVerified: true);
        using var browser = new OidcBrowser(fixture.Host);

        var landed = await browser.SignInAsync(subject, "/cases?status=open");

        Assert.Equal("/cases?status=open", landed.PathAndQuery);
        var me = await MeAsync(browser);
        Assert.Equal(user.UserId, me.GetProperty("userId").GetGuid());
        Assert.Equal("engineer", me.GetProperty("role").GetString());
        // Our session cookie, not the handler's own: one cookie that a sign-out revokes server-side.
        var cookies = browser.Cookies.GetAllCookies().Select(c => c.Name).ToList();
        Assert.Contains("crashdesk.session", cookies);
        Assert.DoesNotContain(cookies, c => c.StartsWith(".AspNetCore.Cookies", StringComparison.Ordinal));

        await using var db = fixture.Factory.Database.CreateContext();
        var login = await db.ExternalLogins.SingleAsync(l => l.Subject == subject);
        Assert.Equal(fixture.Provider.Issuer, login.Issuer);
        Assert.Equal(user.UserId, login.UserId);
        Assert.NotNull(login.LastUsedAt);
        var events = await db.AuditEvents.Where(e => e.ActorUserId == user.UserId).OrderBy(e => e.At).ToListAsync();
        var link = Assert.Single(events, e => e.Action == AuditAction.ExternalLoginLink);
        Assert.Contains(subject, link.Detail);
        var signIn = Assert.Single(events, e => e.Action == AuditAction.SignInSuccess);
        Assert.Equal(user.OrganizationId, signIn.OrganizationId);
        Assert.Equal(SignInMethods.Oidc, Detail(signIn.Detail)["method"]);
    }

    [Fact]
    public async Task A_linked_identity_keeps_signing_in_as_its_user_when_the_provider_changes_the_email()
    {
        var user = await CreateUserAsync(OrganizationRole.Customer);
        string subject = NewSubject();
        fixture.Provider.AddAccount(subject, user.Email, emailVerified: true);
        using (var first = new OidcBrowser(fixture.Host))
            Assert.Equal("/cases", (await first.SignInAsync(subject)).AbsolutePath);

        fixture.Provider.AddAccount(subject, $"renamed-{Guid.NewGuid():N}@example.test", emailVerified: false);
        using var second = new OidcBrowser(fixture.Host);
        Assert.Equal("/cases", (await second.SignInAsync(subject)).AbsolutePath);
        Assert.Equal(user.UserId, (await MeAsync(second)).GetProperty("userId").GetGuid());
    }

    [Fact]
    public async Task An_unverified_email_links_nothing_and_is_refused()
    {
        var user = await CreateUserAsync(OrganizationRole.Engineer);
        string subject = NewSubject();
        fixture.Provider.AddAccount(subject, user.Email, emailVerified: false);
        using var browser = new OidcBrowser(fixture.Host);

        string notice = await RefusalAsync(browser, subject);

        Assert.Contains($"No Crashdesk account for {user.Email}", notice);
        Assert.Contains("has not verified", notice);
        await using var db = fixture.Factory.Database.CreateContext();
        Assert.False(await db.ExternalLogins.AnyAsync(l => l.Subject == subject));
        var failure = await db.AuditEvents.SingleAsync(e => e.ActorUserId == user.UserId && e.Action == AuditAction.SignInFailure);
        Assert.Equal(SignInMethods.Oidc, Detail(failure.Detail)["method"]);
        Assert.Equal("e-mail not verified", Detail(failure.Detail)["reason"]);
    }

    [Fact]
    public async Task An_unknown_person_is_refused_without_provisioning_and_provisioned_as_customer_with_it()
    {
        string email = $"newcomer-{Guid.NewGuid():N}@example.test";
        string subject = NewSubject();
        fixture.Provider.AddAccount(subject, email, emailVerified: true, name: "New Comer");

        using (var refused = new OidcBrowser(fixture.Host))
            Assert.Equal($"No Crashdesk account for {email}; ask an administrator.", await RefusalAsync(refused, subject));
        await using (var db = fixture.Factory.Database.CreateContext())
            Assert.False(await db.Users.AnyAsync(u => u.Email == email));

        string organization = $"sso-customers-{Guid.NewGuid():N}";
        Guid organizationId;
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            organizationId = await scope.ServiceProvider.GetRequiredService<IOrganizationService>().EnsureAsync(organization);
        await using var provisioning = fixture.With(new Dictionary<string, string?>
        {
            ["Authentication:Oidc:AutoProvision"] = "true",
            ["Authentication:Oidc:ProvisionOrganization"] = organization,
        });
        using var browser = new OidcBrowser(provisioning);

        Assert.Equal("/cases", (await browser.SignInAsync(subject)).AbsolutePath);

        var me = await MeAsync(browser);
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal("customer", me.GetProperty("role").GetString());
        Assert.Equal(organizationId, me.GetProperty("organizationId").GetGuid());
        await using var check = fixture.Factory.Database.CreateContext();
        var user = await check.Users.SingleAsync(u => u.Email == email);
        Assert.Equal("New Comer", user.DisplayName);
        Assert.Equal(OrganizationRole.Customer, (await check.Memberships.SingleAsync(m => m.UserId == user.Id)).Role);
        // No password: the account signs in through the provider only.
        Assert.Equal("", user.PasswordHash);
    }

    [Fact]
    public async Task A_deactivated_or_locked_out_user_is_refused()
    {
        var deactivated = await CreateUserAsync(OrganizationRole.Engineer);
        var locked = await CreateUserAsync(OrganizationRole.Engineer);
        string deactivatedSubject = NewSubject(), lockedSubject = NewSubject();
        fixture.Provider.AddAccount(deactivatedSubject, deactivated.Email, emailVerified: true);
        fixture.Provider.AddAccount(lockedSubject, locked.Email, emailVerified: true);
        using (var linked = new OidcBrowser(fixture.Host))
            Assert.Equal("/cases", (await linked.SignInAsync(deactivatedSubject)).AbsolutePath);
        await using (var db = fixture.Factory.Database.CreateContext())
        {
            await db.Users.Where(u => u.Id == deactivated.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, DateTimeOffset.UtcNow));
            await db.Users.Where(u => u.Id == locked.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(5)));
        }

        using (var browser = new OidcBrowser(fixture.Host))
            Assert.Contains($"The Crashdesk account {deactivated.Email} is deactivated", await RefusalAsync(browser, deactivatedSubject));
        using (var browser = new OidcBrowser(fixture.Host))
            Assert.Contains($"the account {locked.Email} is locked until", await RefusalAsync(browser, lockedSubject));

        await using var check = fixture.Factory.Database.CreateContext();
        Assert.True(await check.AuditEvents.AnyAsync(e => e.ActorUserId == deactivated.UserId && e.Action == AuditAction.SignInFailure));
        Assert.True(await check.AuditEvents.AnyAsync(e => e.ActorUserId == locked.UserId && e.Action == AuditAction.SignInLockout));
    }

    [Fact]
    public async Task Sign_out_revokes_the_session_for_every_copy_of_the_cookie()
    {
        var user = await CreateUserAsync(OrganizationRole.Engineer);
        string subject = NewSubject();
        fixture.Provider.AddAccount(subject, user.Email, emailVerified: true);
        using var browser = new OidcBrowser(fixture.Host);
        await browser.SignInAsync(subject);
        var session = browser.Cookies.GetAllCookies().Single(c => c.Name == "crashdesk.session");

        string token = await BrowserSession.PageTokenAsync(browser.Crashdesk, "/cases");
        using var signOut = await browser.Crashdesk.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var copy = fixture.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", $"{session.Name}={session.Value}");
        using var me = await copy.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        await using var db = fixture.Factory.Database.CreateContext();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.ActorUserId == user.UserId && e.Action == AuditAction.SignOut));
        Assert.False(await db.UserSessions.AnyAsync(s => s.UserId == user.UserId && s.RevokedAt == null));
    }

    [Fact]
    public async Task The_log_holds_no_token_and_no_client_secret()
    {
        var user = await CreateUserAsync(OrganizationRole.Engineer);
        string subject = NewSubject();
        fixture.Provider.AddAccount(subject, user.Email, emailVerified: true);
        using var browser = new OidcBrowser(fixture.Host);
        Assert.Equal("/cases", (await browser.SignInAsync(subject)).AbsolutePath);

        var tokens = fixture.Backchannel.Tokens;
        Assert.True(tokens.Count >= 2, "the token endpoint's id_token and access_token were not recorded");
        var lines = fixture.Logs.Lines;
        // The capture works: the handler's own trace of this flow is there.
        Assert.Contains(lines, l => l.Contains("Microsoft.AspNetCore.Authentication.OpenIdConnect", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            Assert.DoesNotContain(fixture.Provider.ClientSecret, line);
            foreach (var token in tokens)
            {
                Assert.DoesNotContain(token, line);
                // A JWT's signature alone would be as bad as the whole token.
                Assert.DoesNotContain(token.Split('.')[^1], line);
            }
        }
    }

    [Fact]
    public async Task An_admin_sees_and_unlinks_a_members_identity_with_audit()
    {
        var (admin, adminKey) = await CreateTenantAsync(OrganizationRole.Admin);
        Caller member;
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            member = await scope.ServiceProvider.GetRequiredService<IUserService>().CreateAsync(
                admin.OrganizationId, $"member-{Guid.NewGuid():N}@example.test", "Member", Password, OrganizationRole.Engineer);
        string subject = NewSubject();
        fixture.Provider.AddAccount(subject, member.Email, emailVerified: true);
        using (var browser = new OidcBrowser(fixture.Host))
            await browser.SignInAsync(subject);
        using var api = fixture.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        api.DefaultRequestHeaders.Add("X-Api-Key", adminKey);

        var logins = await api.GetFromJsonAsync<JsonElement>($"/api/v1/organization/members/{member.UserId}/external-logins");
        var login = Assert.Single(logins.EnumerateArray());
        Assert.Equal(fixture.Provider.Issuer, login.GetProperty("issuer").GetString());
        Assert.Equal(subject, login.GetProperty("subject").GetString());

        Guid loginId = login.GetProperty("id").GetGuid();
        using var unlink = await api.DeleteAsync($"/api/v1/organization/members/{member.UserId}/external-logins/{loginId}");
        Assert.Equal(HttpStatusCode.NoContent, unlink.StatusCode);
        using var again = await api.DeleteAsync($"/api/v1/organization/members/{member.UserId}/external-logins/{loginId}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("external_login_not_found", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Empty((await api.GetFromJsonAsync<JsonElement>($"/api/v1/organization/members/{member.UserId}/external-logins")).EnumerateArray());

        await using var db = fixture.Factory.Database.CreateContext();
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == AuditAction.ExternalLoginUnlink && e.TargetId == member.UserId);
        Assert.Equal(admin.UserId, audit.ActorUserId);
        Assert.Equal(subject, Detail(audit.Detail)["subject"]);
    }

    [Fact]
    public async Task Forged_callbacks_go_back_to_the_login_page_and_are_limited_like_sign_ins()
    {
        await using var limited = fixture.With(new Dictionary<string, string?> { ["Accounts:SignInsPerMinute"] = "2" });
        using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var forged = await client.GetAsync("/signin-oidc?code=forged&state=forged");
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.StartsWith("/login?notice=", forged.Headers.Location!.OriginalString);
        using var again = await client.GetAsync("/signin-oidc?code=forged&state=forged");
        using var third = await client.GetAsync("/signin-oidc?code=forged&state=forged");
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    private async Task<Caller> CreateUserAsync(OrganizationRole role) => (await CreateTenantAsync(role)).Caller;

    private async Task<(Caller Caller, string ApiKey)> CreateTenantAsync(OrganizationRole role)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var organizations = scope.ServiceProvider.GetRequiredService<IOrganizationService>();
        var users = scope.ServiceProvider.GetRequiredService<IUserService>();
        var orgId = await organizations.EnsureAsync($"org-{Guid.NewGuid():N}");
        var caller = await users.CreateAsync(orgId, $"sso-{Guid.NewGuid():N}@example.test", "SSO Person", Password, role);
        var key = await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync(caller, new NewApiKey("tests"));
        return (caller, key.Secret);
    }

    private static string NewSubject() => $"sub-{Guid.NewGuid():N}";

    private static async Task<JsonElement> MeAsync(OidcBrowser browser)
    {
        using var me = await browser.Crashdesk.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        return await me.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Signs in, expects to land on the login page, and returns the notice it shows.</summary>
    private static async Task<string> RefusalAsync(OidcBrowser browser, string subject)
    {
        var landed = await browser.SignInAsync(subject);
        Assert.Equal("/login", landed.AbsolutePath);
        Assert.False(browser.Cookies.GetAllCookies().Any(c => c.Name == "crashdesk.session"), "a refused sign-in got a session cookie");
        string page = await browser.Crashdesk.GetStringAsync(landed.PathAndQuery);
        var notice = System.Text.RegularExpressions.Regex.Match(page, """data-testid="login-error">(?<text>[^<]*)<""");
        Assert.True(notice.Success, $"the login page shows no notice: {page}");
        return WebUtility.HtmlDecode(notice.Groups["text"].Value);
    }

    private static Dictionary<string, string> Detail(string? json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json ?? "{}")!;
}
