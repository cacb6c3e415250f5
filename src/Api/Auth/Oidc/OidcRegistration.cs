using Crashdesk.Web;
using Crashdesk.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Crashdesk.Api.Auth.Oidc;

/// <summary>
/// Single sign-on (<see cref="OidcOptions"/>): ASP.NET Core's OpenID Connect handler, authorization code flow
/// with PKCE (RFC 7636; the handler's default). It only proves who the person is: <see cref="OidcSignIn"/>
/// turns the provider's answer into our own server-side session, the one a password sign-in makes.
/// </summary>
internal static class OidcRegistration
{
    /// <summary>The provider redirects the browser back here (register it at the provider: {base URL}/signin-oidc).</summary>
    public const string CallbackPath = "/signin-oidc";

    public static AuthenticationBuilder AddCrashdeskOidc(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var services = authentication.Services;
        services.AddOptions<OidcOptions>().BindConfiguration(OidcOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() is not { IsEnabled: true })
            return authentication;
        services.AddScoped<OidcSignIn>();
        services.AddOptions<OpenIdConnectOptions>(AuthSchemes.Oidc).Configure<IOptions<OidcOptions>>((o, settings) => Configure(o, settings.Value));
        return authentication.AddOpenIdConnect(AuthSchemes.Oidc, _ => { });
    }

    /// <summary>The login page's "Sign in with …" name, or null when single sign-on is off.</summary>
    public static string? DisplayName(IConfiguration configuration) =>
        configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() is { IsEnabled: true } oidc ? oidc.DisplayName : null;

    public static WebApplication MapCrashdeskOidc(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<OidcOptions>>().Value.IsEnabled)
            return app;
        // The login page's button: off to the provider; the callback comes back to the handler at CallbackPath.
        app.MapGet(CrashdeskWebOptions.SingleSignOnPath, (string? returnUrl) =>
                Results.Challenge(new AuthenticationProperties { RedirectUri = ReturnUrls.Safe(returnUrl) }, [AuthSchemes.Oidc]))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static void Configure(OpenIdConnectOptions o, OidcOptions settings)
    {
        o.Authority = settings.Authority;
        o.ClientId = settings.ClientId;
        o.ClientSecret = settings.ClientSecret;
        o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        o.CallbackPath = CallbackPath;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        // The code comes back in the query of a top-level GET (OAuth 2.0 Multiple Response Type Encoding
        // Practices §2.1), so the correlation and nonce cookies can be SameSite=Lax. form_post would need
        // SameSite=None, which browsers accept only on Secure cookies, i.e. never on a plain-http loopback host.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Scope.Clear();
        foreach (var scope in settings.ScopeList)
            o.Scope.Add(scope);
        // The claims under their OpenID Connect names (sub, email, email_verified), not mapped to WS-* URIs.
        o.MapInboundClaims = false;
        // Many providers put e-mail claims only in the UserInfo response for the code flow (OpenID Connect
        // Core 1.0 §5.4: scope claims go to the ID token only when no access token is issued).
        o.GetClaimsFromUserInfoEndpoint = true;
        o.ClaimActions.MapUniqueJsonKey(OidcSignIn.EmailVerifiedClaim, OidcSignIn.EmailVerifiedClaim);
        // Tokens are not kept (nor logged): we need the identity once, then our own session carries on.
        o.SaveTokens = false;
        // Never used: OidcSignIn answers the callback itself with our session cookie. The handler insists on a
        // sign-in scheme; naming the cookie scheme keeps it from falling back to the policy scheme.
        o.SignInScheme = AuthSchemes.Cookie;
        o.EventsType = typeof(OidcSignIn);
    }
}
