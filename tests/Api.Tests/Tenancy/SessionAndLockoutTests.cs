using System.Net;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Accounts;
using Crashdesk.Core.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests.Tenancy;

/// <summary>Sessions live on the server (sign-out revokes them), wrong passwords lock the account, sign-ins are throttled.</summary>
public sealed class SessionAndLockoutTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync(extraSettings: new Dictionary<string, string?>
    {
        ["Accounts:SignInsPerMinute"] = "10",
        ["Accounts:MaxFailedSignIns"] = "5",
    });

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task After_sign_out_a_copy_of_the_old_session_cookie_is_refused()
    {
        var (caller, _) = await _factory.CreateTenantAsync();
        var cookies = new CookieContainer();
        var (client, token) = await BrowserSession.SignInAsync(_factory, caller.Email, cookies: cookies);
        var session = cookies.GetAllCookies().Single(c => c.Name == "crashdesk.session");
        var cookie = $"{session.Name}={session.Value}";

        using var copy = _factory.ClientWithKey(null);
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        using (var before = await copy.GetAsync("/api/v1/me"))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var signOut = await client.PostAsync("/logout", form);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var after = await copy.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await using var db = _factory.Database.CreateContext();
        Assert.NotNull(db.UserSessions.Single(s => s.UserId == caller.UserId).RevokedAt);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var (caller, _) = await _factory.CreateTenantAsync();
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<IUserService>();
        for (int i = 0; i < 4; i++)
            Assert.Equal(PasswordCheckOutcome.WrongCredentials, (await users.CheckPasswordAsync(caller.Email, "wrong password " + i)).Outcome);
        var fifth = await users.CheckPasswordAsync(caller.Email, "wrong password 5");
        Assert.Equal(PasswordCheckOutcome.LockedOut, fifth.Outcome);
        Assert.True(fifth.LockedUntil > DateTimeOffset.UtcNow.AddMinutes(4), $"locked until {fifth.LockedUntil}");

        var right = await users.CheckPasswordAsync(caller.Email, BrowserSession.Password);
        Assert.Equal(PasswordCheckOutcome.LockedOut, right.Outcome);
        Assert.Null(right.UserId);
    }

    [Fact]
    public async Task A_right_password_resets_the_failure_count()
    {
        var (caller, _) = await _factory.CreateTenantAsync();
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<IUserService>();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 4; i++)
                await users.CheckPasswordAsync(caller.Email, "wrong");
            Assert.True((await users.CheckPasswordAsync(caller.Email, BrowserSession.Password)).Succeeded, $"round {round}");
        }
    }

    [Fact]
    public async Task The_eleventh_sign_in_in_a_minute_from_one_address_gets_429()
    {
        var (caller, _) = await _factory.CreateTenantAsync();
        using var client = BrowserSession.NewClient(_factory);
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 11; i++)
        {
            using var response = await BrowserSession.PostLoginAsync(client, $"nobody{i}@example.test", "wrong password");
            statuses.Add(response.StatusCode);
        }
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        // Throttled, not locked: the account itself was never tried.
        using var right = await BrowserSession.PostLoginAsync(client, caller.Email, BrowserSession.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("Too many sign-in attempts", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_deactivated_user_loses_its_session_and_keys_at_once()
    {
        var (admin, _) = await _factory.CreateTenantAsync(role: Crashdesk.Core.Auth.OrganizationRole.Admin);
        var (engineer, engineerKey) = await _factory.AddUserAsync(admin.OrganizationId, "Engineer");
        var (session, _) = await BrowserSession.SignInAsync(_factory, engineer.Email);
        using var key = _factory.ClientWithKey(engineerKey);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/v1/cases")).StatusCode);

        await using (var scope = _factory.Services.CreateAsyncScope())
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<IMembershipService>().SetActiveAsync(admin, engineer.UserId, active: false));

        Assert.Equal(HttpStatusCode.Unauthorized, (await key.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/cases")).StatusCode);
        using var again = await BrowserSession.PostLoginAsync(BrowserSession.NewClient(_factory), engineer.Email, BrowserSession.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Wrong e-mail or password", await again.Content.ReadAsStringAsync());
    }
}
