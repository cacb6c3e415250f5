using System.Globalization;
using System.Text.Encodings.Web;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Crashdesk.Api.Auth;

/// <summary>
/// Authenticates the X-Api-Key header against the hashed keys; challenges with a 401 ProblemDetails.
/// A key acts in its own organisation, or, when it may act in every organisation of its user, in the one
/// named by the <see cref="AuthSchemes.OrganizationHeader"/> header. Failures per client address are
/// throttled (<see cref="AuthFailureThrottle"/>), so keys cannot be guessed at speed.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyService apiKeys,
    AuthFailureThrottle throttle) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string ThrottledItem = "crashdesk:api-key-throttled";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(AuthSchemes.ApiKeyHeader, out var values))
            return AuthenticateResult.NoResult();
        var address = Context.Connection.RemoteIpAddress?.ToString();
        if (throttle.IsBlocked(address))
        {
            Context.Items[ThrottledItem] = true;
            return AuthenticateResult.Fail("too many failed API-key attempts from this address");
        }
        Guid? organizationId = null;
        if (Request.Headers.TryGetValue(AuthSchemes.OrganizationHeader, out var organization))
        {
            if (!Guid.TryParse(organization.ToString(), CultureInfo.InvariantCulture, out var parsed))
                return AuthenticateResult.Fail($"the {AuthSchemes.OrganizationHeader} header is not an organisation id");
            organizationId = parsed;
        }
        var caller = await apiKeys.AuthenticateAsync(values.ToString().Trim(), address, organizationId, Context.RequestAborted);
        if (caller is null)
        {
            throttle.RecordFailure(address);
            return AuthenticateResult.Fail("unknown, revoked or expired API key, or an organisation the key may not act in");
        }
        var principal = CallerClaims.ToPrincipal(caller, AuthSchemes.ApiKey);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, AuthSchemes.ApiKey));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(ThrottledItem))
        {
            Response.Headers.RetryAfter = "60";
            return ApiProblems.WriteAsync(Context, StatusCodes.Status429TooManyRequests, "Too many failed API-key attempts",
                "This address sent too many unknown or revoked API keys; wait a minute before trying again.");
        }
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            $"Send a valid API key in the {AuthSchemes.ApiKeyHeader} header, or sign in. A key acts in its own organisation; " +
            $"{AuthSchemes.OrganizationHeader} names another only for a key made for all its user's organisations.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "These credentials may not do this.");
}
