using System.Security.Claims;
using Crashdesk.Core.Accounts;
using Crashdesk.Core.Audit;
using Crashdesk.Core.Auth;
using Crashdesk.Web;
using Crashdesk.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Crashdesk.Api.Auth.Oidc;

/// <summary>
/// The end of a single sign-on: the handler has validated the provider's ID token (signature, issuer, audience,
/// nonce) and fetched UserInfo. Here the identity becomes a Crashdesk user (<see cref="IExternalLoginService"/>),
/// then the same server-side session, cookie and audit event as a password sign-in (method <c>oidc</c>).
/// A refusal goes back to the login page with its reason. Logs name the e-mail and the outcome, never a token.
/// </summary>
internal sealed class OidcSignIn(
    IExternalLoginService externalLogins, ISessionService sessions, IAuditLog audit, IDataProtectionProvider dataProtection,
    IOptions<OidcOptions> options, ILogger<OidcSignIn> logger) : OpenIdConnectEvents
{
    public const string EmailVerifiedClaim = "email_verified";

    public override async Task TicketReceived(TicketReceivedContext context)
    {
        var http = context.HttpContext;
        var identity = IdentityOf(context.Principal!);
        var settings = options.Value;
        var provisioning = new ExternalProvisioning(settings.AutoProvision, settings.ProvisionOrganization, settings.Role);
        var result = await externalLogins.ResolveAsync(identity, provisioning, http.RequestAborted);
        string? address = http.Connection.RemoteIpAddress?.ToString();
        Guid? sessionId = result is { Outcome: ExternalSignInOutcome.Success, UserId: { } userId }
            ? await sessions.BeginAsync(userId, address, http.Request.Headers.UserAgent.ToString(), http.RequestAborted)
            : null;
        var (action, reason, message) = Describe(result, sessionId);
        await audit.WriteSignInAsync(result.Email ?? "", SignInMethods.Oidc, action, reason, address, http.RequestAborted);
        context.HandleResponse();
        if (sessionId is null)
        {
            logger.LogInformation("Single sign-on of {Email} refused: {Reason}", result.Email, reason);
            http.Response.Redirect(LoginWithNotice(message!));
            return;
        }
        await http.SignInAsync(AuthSchemes.Cookie, CallerClaims.SessionCookiePrincipal(sessionId.Value, AuthSchemes.Cookie));
        http.Response.Redirect(ReturnUrls.Safe(context.ReturnUri));
    }

    /// <summary>The provider said no (the person cancelled), or the answer did not validate: back to the login page.</summary>
    public override Task RemoteFailure(RemoteFailureContext context)
    {
        // The exception's message names the failed check (state, correlation, IDX… with personal data hidden
        // by IdentityModel's default), not a token.
        logger.LogWarning("Single sign-on failed: {Failure}", context.Failure?.Message);
        context.HandleResponse();
        context.Response.Redirect(LoginWithNotice($"Sign-in with {options.Value.DisplayName} did not complete; try again."));
        return Task.CompletedTask;
    }

    private static ExternalIdentity IdentityOf(ClaimsPrincipal principal)
    {
        // The handler validated the ID token's iss against the discovery document; each claim carries it as its Issuer.
        var subject = principal.FindFirst("sub") ?? throw new InvalidOperationException("the provider's ID token has no sub claim");
        bool verified = bool.TryParse(principal.FindFirst(EmailVerifiedClaim)?.Value, out var v) && v;
        return new ExternalIdentity(subject.Issuer, subject.Value, principal.FindFirst("email")?.Value, verified, principal.FindFirst("name")?.Value);
    }

    private (string Action, string? Reason, string? Message) Describe(ExternalSignIn result, Guid? sessionId) =>
        sessionId is not null ? (AuditAction.SignInSuccess, null, null) : result.Outcome switch
        {
            ExternalSignInOutcome.NoAccount => (AuditAction.SignInFailure, "no account",
                $"No Crashdesk account for {result.Email}; ask an administrator."),
            ExternalSignInOutcome.EmailNotVerified => (AuditAction.SignInFailure, "e-mail not verified",
                result.Email is null
                    ? $"{options.Value.DisplayName} did not tell us your e-mail address, so no Crashdesk account was found; ask an administrator."
                    : $"No Crashdesk account for {result.Email}: {options.Value.DisplayName} has not verified that address; ask an administrator."),
            ExternalSignInOutcome.Deactivated => (AuditAction.SignInFailure, "deactivated",
                $"The Crashdesk account {result.Email} is deactivated; ask an administrator."),
            ExternalSignInOutcome.LockedOut => (AuditAction.SignInLockout, "locked out",
                $"Too many failed sign-ins: the account {result.Email} is locked until {result.LockedUntil:HH:mm} UTC."),
            _ => (AuditAction.SignInFailure, "no membership",
                $"The Crashdesk account {result.Email} belongs to no organisation; ask an administrator."),
        };

    private string LoginWithNotice(string message) =>
        $"{CrashdeskWebExtensions.LoginPath}?{SignInNotice.QueryParameter}={Uri.EscapeDataString(SignInNotice.Protect(dataProtection, message))}";
}
