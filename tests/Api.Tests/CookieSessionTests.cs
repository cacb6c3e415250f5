using System.Net;
using System.Text.RegularExpressions;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests;

/// <summary>
/// The browser path to the API (acceptance-notes, Service): a signed-in session may call /api, and
/// its unsafe requests need the antiforgery token; UI pages redirect anonymous users to /login.
/// </summary>
public sealed class CookieSessionTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Ui_pages_redirect_anonymous_users_to_login_while_api_answers_401()
    {
        using var client = _factory.ClientWithKey(null);

        using var page = await client.GetAsync("/cases");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location?.PathAndQuery);

        using var api = await client.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_session_uploads_only_with_the_antiforgery_token()
    {
        var (client, caseId) = await SignInWithCaseAsync();

        using var me = await client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);

        using var forged = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/a.txt?kind=other", new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("Antiforgery", await forged.Content.ReadAsStringAsync());

        var token = await PageTokenAsync(client, "/cases");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{caseId}/artifacts/a.txt?kind=other") { Content = new ByteArrayContent([1, 2, 3]) };
        request.Headers.Add("RequestVerificationToken", token);
        using var upload = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        await using var context = _factory.Database.CreateContext();
        Assert.Equal(1, context.Artifacts.Count(a => a.CaseId == caseId));
    }

    private async Task<(HttpClient Client, Guid CaseId)> SignInWithCaseAsync()
    {
        var (caller, _) = await _factory.CreateTenantAsync();
        Guid caseId;
        await using (var scope = _factory.Services.CreateAsyncScope())
            caseId = (await scope.ServiceProvider.GetRequiredService<ICaseService>().CreateAsync(caller, new NewCase("c", "ACME", null, null))).Id;

        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = await PageTokenAsync(client, "/login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = caller.Email,
            ["Input.Password"] = Password,
        });
        using var signIn = await client.PostAsync("/login", form);
        Assert.True(signIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"sign-in answered {(int)signIn.StatusCode}: {await signIn.Content.ReadAsStringAsync()}");
        return (client, caseId);
    }

    private static Task<string> PageTokenAsync(HttpClient client, string path) => BrowserSession.PageTokenAsync(client, path);
}
