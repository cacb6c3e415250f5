using System.Text.Encodings.Web;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Crashdesk.Api.Auth;

/// <summary>Authenticates the X-Api-Key header against the hashed keys; challenges with a 401 ProblemDetails.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyService apiKeys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(AuthSchemes.ApiKeyHeader, out var values))
            return AuthenticateResult.NoResult();
        var secret = values.ToString().Trim();
        var caller = await apiKeys.AuthenticateAsync(secret, Context.RequestAborted);
        if (caller is null)
            return AuthenticateResult.Fail("unknown or revoked API key");
        var principal = CallerClaims.ToPrincipal(caller, AuthSchemes.ApiKey);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, AuthSchemes.ApiKey));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            $"Send a valid API key in the {AuthSchemes.ApiKeyHeader} header, or sign in.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "These credentials may not do this.");
}
