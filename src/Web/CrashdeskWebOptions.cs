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
}
