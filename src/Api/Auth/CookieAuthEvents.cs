using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Crashdesk.Api.Auth;

/// <summary>API requests get 401/403 ProblemDetails; UI pages are redirected to /login.</summary>
internal sealed class CookieAuthEvents : CookieAuthenticationEvents
{
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        ApiProblems.IsApiRequest(context.Request)
            ? ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required",
                $"Send a valid API key in the {AuthSchemes.ApiKeyHeader} header, or sign in.")
            : base.RedirectToLogin(context);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        ApiProblems.IsApiRequest(context.Request)
            ? ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "These credentials may not do this.")
            : base.RedirectToAccessDenied(context);
}
