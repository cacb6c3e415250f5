using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Crashdesk.Api.Tests.Support;

/// <summary>
/// A browser-like client of the Api host: signs in through the real login form (with its antiforgery token)
/// and keeps the session cookie; unsafe API calls send the page's antiforgery token as the UI does.
/// </summary>
internal static partial class BrowserSession
{
    public const string Password = "correct horse battery staple";

    /// <summary>A cookie-keeping client that does not follow redirects; <paramref name="cookies"/> lets the test read them.</summary>
    public static HttpClient NewClient(ApiFactory factory, CookieContainer? cookies = null) =>
        factory.CreateDefaultClient(new CookieContainerHandler(cookies ?? new CookieContainer()));

    /// <summary>Posts the login form; returns the response (a redirect on success).</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var token = await PageTokenAsync(client, "/login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync("/login", form);
    }

    /// <summary>A signed-in client and the antiforgery token its unsafe API requests need.</summary>
    public static async Task<(HttpClient Client, string Token)> SignInAsync(ApiFactory factory, string email, string password = Password, CookieContainer? cookies = null)
    {
        var client = NewClient(factory, cookies);
        using var signIn = await PostLoginAsync(client, email, password);
        Assert.True(signIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"sign-in of {email} answered {(int)signIn.StatusCode}: {await signIn.Content.ReadAsStringAsync()}");
        return (client, await PageTokenAsync(client, "/cases"));
    }

    public static async Task<string> PageTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var input = TokenInput().Match(html);
        Assert.True(input.Success, $"no antiforgery token in {path}");
        var value = ValueAttribute().Match(input.Value);
        Assert.True(value.Success, $"the antiforgery input of {path} has no value: {input.Value}");
        return WebUtility.HtmlDecode(value.Groups[1].Value);
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*>""")]
    private static partial Regex TokenInput();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    private static partial Regex ValueAttribute();
}

