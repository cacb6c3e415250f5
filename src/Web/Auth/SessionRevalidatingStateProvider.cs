using Crashdesk.Core.Accounts;
using Crashdesk.Core.Auth;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Web.Auth;

/// <summary>
/// An interactive page (a Blazor circuit) checked its session once, when it opened. This re-asks every
/// minute, as the Blazor template's Identity provider re-checks the security stamp, so a page left open
/// after a sign-out elsewhere, a deactivation or a removed membership loses its access within a minute.
/// </summary>
internal sealed class SessionRevalidatingStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (CallerClaims.TryGetSessionId(authenticationState.User) is not { } sessionId)
            return false;
        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionService>();
        return await sessions.ResolveAsync(sessionId, cancellationToken) is { } caller
            && CallerClaims.TryGetCaller(authenticationState.User, out var shown)
            && shown.OrganizationId == caller.OrganizationId && shown.Role == caller.Role;
    }
}
