using Crashdesk.Web.Components;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crashdesk.Web;

/// <summary>
/// How a host (src/Api) takes in the Blazor UI: <c>builder.AddCrashdeskWeb()</c> before
/// <c>Build()</c>, <c>app.MapCrashdeskWeb()</c> after the host's <c>UseAuthentication()</c>,
/// <c>UseAuthorization()</c> and <c>UseAntiforgery()</c> (in that order: the forms and the upload
/// header are validated by the host's antiforgery middleware).
/// </summary>
public static class CrashdeskWebExtensions
{
    /// <summary>The sign-in page; unauthenticated page requests are redirected here.</summary>
    public const string LoginPath = "/login";

    public const string LogoutPath = "/logout";

    /// <summary>Registers the UI's services and serves its static assets from any environment.</summary>
    public static WebApplicationBuilder AddCrashdeskWeb(this WebApplicationBuilder builder, Action<CrashdeskWebOptions>? configure = null)
    {
        // Outside Development a host run from its build output (run.sh, the E2E tests) would not
        // find the Razor class library's wwwroot without the static web assets manifest; a
        // published host has the files copied into its own wwwroot and no manifest (then a no-op).
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddCrashdeskWeb(configure);
        return builder;
    }

    /// <summary>Blazor (interactive server), cascading authentication state, the login path.</summary>
    public static IServiceCollection AddCrashdeskWeb(this IServiceCollection services, Action<CrashdeskWebOptions>? configure = null)
    {
        var options = new CrashdeskWebOptions();
        configure?.Invoke(options);
        services.AddSingleton(Options.Create(options));
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Open case pages re-read themselves when the database announces a change of their case.
        services.AddSingleton<Crashdesk.Core.Events.CaseChangeFeed>();
        services.AddSingleton<Crashdesk.Core.Events.ICaseChangeFeed>(sp => sp.GetRequiredService<Crashdesk.Core.Events.CaseChangeFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<Crashdesk.Core.Events.CaseChangeFeed>());
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, Auth.SessionRevalidatingStateProvider>();
        services.PostConfigure<CookieAuthenticationOptions>(options.CookieScheme, cookie =>
        {
            cookie.LoginPath = LoginPath;
            cookie.LogoutPath = LogoutPath;
        });
        return services;
    }

    /// <summary>Maps the pages, the Blazor hub, the static assets and the sign-out endpoint.</summary>
    public static WebApplication MapCrashdeskWeb(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        // A form post (with the antiforgery token the layout renders), not a GET: a link or an
        // image elsewhere must not be able to sign the user out.
        app.MapPost(LogoutPath, async (HttpContext context, IOptions<CrashdeskWebOptions> options, Crashdesk.Core.Accounts.ISessionService sessions,
            Crashdesk.Core.Audit.IAuditLog audit) =>
        {
            // Revoked server-side: a copy of the cookie stops working too, not only the browser's own.
            if (Crashdesk.Core.Auth.CallerClaims.TryGetSessionId(context.User) is { } sessionId)
                await sessions.RevokeAsync(sessionId, context.RequestAborted);
            if (Crashdesk.Core.Auth.CallerClaims.TryGetCaller(context.User, out var caller))
                await audit.WriteAsync(caller, Crashdesk.Core.Audit.AuditAction.SignOut, Crashdesk.Core.Audit.AuditTarget.None, context.RequestAborted);
            await context.SignOutAsync(options.Value.CookieScheme);
            return Results.LocalRedirect(LoginPath);
        }).ExcludeFromDescription();
        // The organisation switcher's form post: the session moves to another membership, then the page reloads in it.
        app.MapPost("/account/organization", async (HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery,
            Crashdesk.Core.Accounts.ISessionService sessions, Crashdesk.Core.Audit.IAuditLog audit) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (Crashdesk.Core.Auth.CallerClaims.TryGetSessionId(context.User) is not { } sessionId
                || !Guid.TryParse(form["organizationId"], out var organizationId)
                || !await sessions.SwitchOrganizationAsync(sessionId, organizationId, context.RequestAborted))
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Organisation not found", detail: "You are not a member of that organisation.");
            // Recorded in the organisation entered: its administrators see who came in, and from where.
            if (Crashdesk.Core.Auth.CallerClaims.TryGetCaller(context.User, out var caller))
                await audit.WriteAsync(caller with { OrganizationId = organizationId }, Crashdesk.Core.Audit.AuditAction.OrganizationSwitch,
                    new Crashdesk.Core.Audit.AuditTarget("organization", organizationId), context.RequestAborted);
            // returnUrl: a link into another organisation's page (the cross-organisation groups) switches, then opens it.
            // Only a local path is followed (no scheme, no "//host"): never an open redirect.
            string? returnUrl = form["returnUrl"];
            bool local = returnUrl is { Length: > 1 } && returnUrl[0] == '/' && returnUrl[1] is not ('/' or '\\');
            return Results.LocalRedirect(local ? returnUrl! : "/cases");
        }).RequireAuthorization().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}
