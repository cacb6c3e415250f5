using System.Security.Claims;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Services;

namespace Crashdesk.Api;

/// <summary>Who is calling, from the claims the authentication handlers put on the request (endpoints, filters and middleware alike).</summary>
internal static class CallerExtensions
{
    /// <summary>The caller of an endpoint that requires authorization (so the claims are there).</summary>
    public static Caller Caller(this ClaimsPrincipal user) =>
        CallerClaims.TryGetCaller(user, out var caller)
            ? caller
            : throw new InvalidOperationException("an authorised request carries no Crashdesk caller claims");
}
