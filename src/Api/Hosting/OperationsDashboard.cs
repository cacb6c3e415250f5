using Crashdesk.Api.Auth;
using Crashdesk.Core.Auth;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;

namespace Crashdesk.Api.Hosting;

/// <summary>
/// The Hangfire Dashboard at <see cref="Path"/> for operations: queues, servers, running, failed
/// and retried jobs. Organisation admins only; an anonymous visitor is sent to the login page (a
/// cookie challenge before Hangfire sees the request), a signed-in non-admin gets 403 (Hangfire
/// answers 403 when its authorization filter refuses an authenticated user). Read-only except for
/// the installation's owner: the dashboard spans every organisation, so only the owner may
/// requeue or delete. Jobs carry only row ids, never customer data.
/// </summary>
internal static class OperationsDashboard
{
    public const string Path = "/ops/jobs";

    public static WebApplication UseOperationsDashboard(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                await context.ChallengeAsync(AuthSchemes.Cookie);
                return;
            }
            await next(context);
        }));
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AdminOnly()],
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(CallerClaims.OwnerRole),
            AppPath = "/cases",
            DashboardTitle = "Crashdesk jobs",
            // The storage's description would name the database host and user.
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User is { Identity.IsAuthenticated: true } user && user.IsInRole(CallerClaims.AdminRole);
    }
}
