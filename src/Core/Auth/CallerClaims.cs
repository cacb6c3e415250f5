using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Claims;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Auth;

/// <summary>
/// How a <see cref="Caller"/> travels in a <see cref="ClaimsPrincipal"/> (cookie session or API key).
/// The UI signs in with <see cref="ToPrincipal"/> and both UI and API read it back with <see cref="TryGetCaller"/>.
/// </summary>
public static class CallerClaims
{
    public const string OrganizationId = "crashdesk:org";
    public const string ApiKeyId = "crashdesk:key";
    public const string Scopes = "crashdesk:scopes";
    public const string SessionId = "crashdesk:session";
    public const string ClientAddress = "crashdesk:addr";
    public const string AdminRole = "admin";
    public const string EngineerRole = "engineer";
    public const string CustomerRole = "customer";
    public const string OwnerRole = "owner";

    /// <summary>For <c>[Authorize(Roles = …)]</c>: the support centre's pages (groups, dashboard, environments, debug kernels), not a customer's staff.</summary>
    public const string StaffRoles = EngineerRole + "," + AdminRole;

    public static string RoleName(OrganizationRole role) => role switch
    {
        OrganizationRole.Admin => AdminRole,
        OrganizationRole.Engineer => EngineerRole,
        _ => CustomerRole,
    };

    /// <summary>The role of a stored name; an unknown name is the least powerful role, never more.</summary>
    public static OrganizationRole ParseRole(string name) => name switch
    {
        AdminRole => OrganizationRole.Admin,
        EngineerRole => OrganizationRole.Engineer,
        _ => OrganizationRole.Customer,
    };

    public static bool TryParseRole(string? name, out OrganizationRole role)
    {
        role = ParseRole(name ?? "");
        return name is AdminRole or EngineerRole or CustomerRole;
    }

    public static ClaimsPrincipal ToPrincipal(Caller caller, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, caller.UserId.ToString()),
            new(ClaimTypes.Name, caller.Email),
            new(ClaimTypes.Email, caller.Email),
            new(OrganizationId, caller.OrganizationId.ToString()),
        };
        claims.Add(new Claim(ClaimTypes.Role, RoleName(caller.Role)));
        if (caller.ApiKeyId is { } keyId)
            claims.Add(new Claim(ApiKeyId, keyId.ToString()));
        if (caller.SessionId is { } sessionId)
            claims.Add(new Claim(SessionId, sessionId.ToString()));
        claims.Add(new Claim(Scopes, ((int)caller.Scopes).ToString(CultureInfo.InvariantCulture)));
        if (caller.ClientAddress is { } address)
            claims.Add(new Claim(ClientAddress, address));
        if (caller.IsOwner)
            claims.Add(new Claim(ClaimTypes.Role, OwnerRole));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    /// <summary>The session id a cookie carries (the only claim a session cookie needs; the rest is read at each request).</summary>
    public static Guid? TryGetSessionId(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(SessionId), CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>What a session cookie holds: the session's id only, so a role or organisation change applies at once.</summary>
    public static ClaimsPrincipal SessionCookiePrincipal(Guid sessionId, string authenticationType) =>
        new(new ClaimsIdentity([new Claim(SessionId, sessionId.ToString())], authenticationType));

    public static bool TryGetCaller(ClaimsPrincipal? principal, [NotNullWhen(true)] out Caller? caller)
    {
        caller = null;
        if (principal?.Identity?.IsAuthenticated != true)
            return false;
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var userId)
            || !Guid.TryParse(principal.FindFirstValue(OrganizationId), CultureInfo.InvariantCulture, out var organizationId))
            return false;
        var role = principal.IsInRole(AdminRole) ? OrganizationRole.Admin
            : principal.IsInRole(EngineerRole) ? OrganizationRole.Engineer
            : OrganizationRole.Customer;
        var scopes = int.TryParse(principal.FindFirstValue(Scopes), CultureInfo.InvariantCulture, out var bits) ? (ApiKeyScopes)bits & ApiKeyScopes.All : ApiKeyScopes.All;
        Guid? apiKeyId = Guid.TryParse(principal.FindFirstValue(ApiKeyId), CultureInfo.InvariantCulture, out var key) ? key : null;
        caller = new Caller(userId, organizationId, principal.FindFirstValue(ClaimTypes.Email) ?? "", role, principal.IsInRole(OwnerRole))
        {
            ApiKeyId = apiKeyId,
            SessionId = TryGetSessionId(principal),
            Scopes = scopes,
            ClientAddress = principal.FindFirstValue(ClientAddress),
        };
        return true;
    }
}
