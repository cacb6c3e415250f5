using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Claims;
using Crashdesk.Core.Services;

namespace Crashdesk.Web.Auth;

/// <summary>
/// The claims a signed-in session carries, and the <see cref="Caller"/> the application services
/// need, read back from them.
/// </summary>
public static class CallerClaims
{
    public const string OrganizationId = "crashdesk:org";

    public static ClaimsPrincipal ToPrincipal(Caller caller, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, caller.UserId.ToString()),
            new(OrganizationId, caller.OrganizationId.ToString()),
            new(ClaimTypes.Name, caller.Email),
            new(ClaimTypes.Email, caller.Email),
        };
        if (caller.IsAdmin)
            claims.Add(new Claim(ClaimTypes.Role, "admin"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static bool TryGetCaller(ClaimsPrincipal? principal, [NotNullWhen(true)] out Caller? caller)
    {
        caller = null;
        if (principal?.Identity?.IsAuthenticated != true)
            return false;
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out Guid userId)
            || !Guid.TryParse(principal.FindFirstValue(OrganizationId), CultureInfo.InvariantCulture, out Guid organizationId))
            return false;
        string email = principal.FindFirstValue(ClaimTypes.Email) ?? principal.Identity.Name ?? "";
        caller = new Caller(userId, organizationId, email, principal.IsInRole("admin"));
        return true;
    }

    /// <summary>The caller of a page that requires authorization (so the claims must be there).</summary>
    public static Caller GetCaller(ClaimsPrincipal principal) =>
        TryGetCaller(principal, out Caller? caller)
            ? caller
            : throw new InvalidOperationException("The session has no Crashdesk caller claims (user id and organization id).");
}
