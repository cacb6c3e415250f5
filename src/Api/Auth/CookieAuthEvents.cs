using Crashdesk.Core.Accounts;
using Crashdesk.Core.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Crashdesk.Api.Auth;

/// <summary>
/// The session cookie holds only a session id; every request asks <see cref="ISessionService"/> whether the
/// session still lives (not signed out, not expired, user active, security stamp unchanged, still a member)
/// and takes the caller's organisation and role from the database, so sign-out, deactivation and role
/// changes apply at the next request. API requests get 401/403 ProblemDetails; UI pages are redirected to /login.
/// </summary>
internal sealed class CookieAuthEvents(ISessionService sessions) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var caller = CallerClaims.TryGetSessionId(context.Principal) is { } sessionId
            ? await sessions.ResolveAsync(sessionId, context.HttpContext.RequestAborted)
            : null;
        if (caller is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
            return;
        }
        // The address of this request (the audit log's "from where"), not the one the session began from.
        caller = caller with { ClientAddress = context.HttpContext.Connection.RemoteIpAddress?.ToString() };
        context.ReplacePrincipal(CallerClaims.ToPrincipal(caller, context.Scheme.Name));
    }

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
