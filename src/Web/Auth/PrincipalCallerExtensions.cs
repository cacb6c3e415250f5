using System.Security.Claims;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Services;

namespace Crashdesk.Web.Auth;

/// <summary>The <see cref="Caller"/> of a page that requires authorization.</summary>
public static class PrincipalCallerExtensions
{
    /// <summary>The caller from the session's claims; the page's [Authorize] guarantees them.</summary>
    public static Caller RequireCaller(this ClaimsPrincipal principal) =>
        CallerClaims.TryGetCaller(principal, out Caller? caller)
            ? caller
            : throw new InvalidOperationException("The session has no Crashdesk caller claims (user id and organization id).");
}
