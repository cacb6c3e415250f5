using Microsoft.AspNetCore.Authentication.Cookies;

namespace Crashdesk.Web;

/// <summary>What the UI needs to know about its host's authentication set-up.</summary>
public sealed class CrashdeskWebOptions
{
    /// <summary>
    /// The host's cookie authentication scheme: the login page signs in with it (and names the
    /// session identity after it), the sign-out endpoint signs out of it.
    /// </summary>
    public string CookieScheme { get; set; } = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>
    /// Set when single sign-on is configured: the login page offers "Sign in with {SingleSignOnName}", a link
    /// to <see cref="SingleSignOnPath"/> (the host starts the provider's sign-in there).
    /// </summary>
    public string? SingleSignOnName { get; set; }

    public const string SingleSignOnPath = "/login/sso";
}
