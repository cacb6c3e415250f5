namespace Crashdesk.Api.Auth;

/// <summary>
/// Authentication scheme names. <see cref="Default"/> picks per request: the API key scheme when the
/// <see cref="ApiKeyHeader"/> header is present, else the cookie session of the UI.
/// </summary>
public static class AuthSchemes
{
    public const string Default = "crashdesk";
    public const string ApiKey = "api-key";
    public const string Cookie = "cookie";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Single sign-on (OpenID Connect), registered only when <c>Authentication:Oidc</c> is configured.</summary>
    public const string Oidc = "oidc";

    /// <summary>Names the organisation an API key made for all its user's organisations acts in.</summary>
    public const string OrganizationHeader = "Crashdesk-Organization";
}
