using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Crashdesk.Api.Tests.Support;

/// <summary>
/// A browser for the single sign-on round trip: one cookie jar for Crashdesk (the in-process host at
/// http://localhost) and one for the provider (a real socket), redirects followed by hand so each hop is seen,
/// and the provider's login form posted as a person would.
/// </summary>
internal sealed partial class OidcBrowser : IDisposable
{
    public static readonly Uri CrashdeskBase = new("http://localhost/");

    private readonly HttpClient _provider;

    public OidcBrowser(WebApplicationFactory<Program> factory)
    {
        Cookies = new CookieContainer();
        Crashdesk = factory.CreateDefaultClient(CrashdeskBase, new CookieContainerHandler(Cookies));
        _provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });
    }

    /// <summary>Crashdesk's cookies (the session cookie after a sign-in).</summary>
    public CookieContainer Cookies { get; }

    /// <summary>Crashdesk as this browser: its cookies, no redirects followed.</summary>
    public HttpClient Crashdesk { get; }

    /// <summary>The hops taken, for failure messages.</summary>
    public List<string> Trail { get; } = [];

    /// <summary>
    /// "Sign in with …" on the login page, the provider's login form as <paramref name="login"/>, and back:
    /// returns Crashdesk's answer to the provider's redirect (a redirect to the page signed into, or to /login with a notice).
    /// </summary>
    public async Task<Uri> SignInAsync(string login, string returnUrl = "/cases")
    {
        var response = await SendAsync(HttpMethod.Get, new Uri(CrashdeskBase, $"/login/sso?returnUrl={Uri.EscapeDataString(returnUrl)}"));
        for (int hop = 0; hop < 20; hop++)
        {
            var current = response.RequestMessage!.RequestUri!;
            if (IsRedirect(response.StatusCode))
            {
                var next = new Uri(current, response.Headers.Location!);
                // Back in Crashdesk after the callback: that answer is the outcome.
                if (current.AbsolutePath == "/signin-oidc")
                    return next;
                response = await SendAsync(HttpMethod.Get, next);
                continue;
            }
            string html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{current} answered {(int)response.StatusCode}: {html}\n{string.Join('\n', Trail)}");
            var form = LoginForm().Match(html);
            Assert.True(form.Success, $"no login form at {current}: {html}");
            response = await SendAsync(HttpMethod.Post, new Uri(current, WebUtility.HtmlDecode(form.Groups["action"].Value)), new FormUrlEncodedContent(
                new Dictionary<string, string> { ["prompt"] = "login", ["login"] = login, ["password"] = "any password: devInteractions" }));
        }
        throw new InvalidOperationException($"no way back to Crashdesk: {string.Join('\n', Trail)}");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, HttpContent? content = null)
    {
        Trail.Add($"{method} {uri}");
        var client = uri.Host == CrashdeskBase.Host ? Crashdesk : _provider;
        var request = new HttpRequestMessage(method, uri) { Content = content };
        var response = await client.SendAsync(request);
        Trail.Add($"  -> {(int)response.StatusCode} {response.Headers.Location}");
        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.Found or HttpStatusCode.MovedPermanently;

    [GeneratedRegex("""<form[^>]*action="(?<action>[^"]+)"[^>]*>\s*<input type="hidden" name="prompt" value="login"/>""")]
    private static partial Regex LoginForm();

    public void Dispose()
    {
        Crashdesk.Dispose();
        _provider.Dispose();
    }
}
