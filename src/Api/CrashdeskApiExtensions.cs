using Crashdesk.Api.Auth;
using Crashdesk.Api.Auth.Oidc;
using Crashdesk.Api.Endpoints;
using Crashdesk.Api.Hosting;
using Crashdesk.Api.Idempotency;
using Crashdesk.Core;
using Crashdesk.Core.Data;
using Crashdesk.Core.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Crashdesk.Api;

/// <summary>The web host's own registrations and pipeline: REST API, auth, ProblemDetails, OpenAPI, health.</summary>
public static class CrashdeskApiExtensions
{
    /// <summary>The versioned prefix of every REST endpoint (<see cref="Crashdesk.Core.ApiPaths.Prefix"/>).</summary>
    public const string ApiPrefix = Crashdesk.Core.ApiPaths.Prefix;

    public static WebApplicationBuilder AddCrashdeskApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemCodes.Add);
        services.AddExceptionHandler<ServiceExceptionHandler>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddAntiforgery();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new Contracts.HexUInt64JsonConverter()));
        services.AddAuthentication(AuthSchemes.Default)
            .AddPolicyScheme(AuthSchemes.Default, "API key or cookie", o =>
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(AuthSchemes.ApiKeyHeader) ? AuthSchemes.ApiKey : AuthSchemes.Cookie)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null)
            .AddCookie(AuthSchemes.Cookie, o =>
            {
                o.Cookie.Name = "crashdesk.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.EventsType = typeof(CookieAuthEvents);
            })
            .AddCrashdeskOidc(builder.Configuration);
        services.AddScoped<CookieAuthEvents>();
        services.AddSingleton<AuthFailureThrottle>();
        services.AddSignInRateLimiter();
        services.AddAuthorization();
        services.AddOpenApi(Crashdesk.Api.OpenApi.CrashdeskOpenApi.Configure);
        builder.AddCrashdeskServiceDefaults("crashdesk-api");
        services.AddHostedService<FirstStartBootstrapper>();
        if (WorkerOptions.From(builder.Configuration).RunInProcess)
            builder.AddCrashdeskWorker();
        return builder;
    }

    /// <summary>Middleware and endpoints. UI hosts add their pages after this call.</summary>
    public static WebApplication UseCrashdeskApi(this WebApplication app)
    {
        // API clients get ProblemDetails; a browser asking for a page gets the UI's error page.
        app.UseWhen(context => !IsPageRequest(context.Request), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(context => IsPageRequest(context.Request), pages =>
        {
            pages.UseExceptionHandler("/error/500");
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        // Routing after the status-code pages: a re-executed request (/error/404) is routed again.
        app.UseRouting();
        // Before authentication: single sign-on's callback is answered inside it, and is limited like a sign-in.
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAccessRules();
        app.UseIdempotencyKeys();
        app.UseReadETags();
        app.UseAntiforgery();
        app.UseOperationsDashboard();

        var api = app.MapGroup(ApiPrefix)
            .RequireAuthorization()
            .AddEndpointFilter<CookieAntiforgeryFilter>()
            .WithMetadata(new AccessControlled())
            // Antiforgery is checked by the filter above for cookie sessions only; API keys need none.
            .DisableAntiforgery();
        api.MapCaseApi().MapNoteApi().MapEnvironmentApi().MapCrashGroupApi().MapAcrossGroupApi().MapKnownIssueApi().MapDashboardApi().MapArtifactApi().MapUploadSessionApi().MapAnalysisApi().MapReportApi().MapAccountApi().MapOrganizationApi().MapDebugKernelApi().MapWebhookApi().MapAuditApi().MapDataProtectionApi().MapConsoleApi();

        app.MapCrashdeskDefaultEndpoints();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapCrashdeskOidc();
        return app;
    }

    /// <summary>A browser's page request: not the API, not the dashboard or health probe, and asking for HTML.</summary>
    private static bool IsPageRequest(HttpRequest request) =>
        !ApiProblems.IsApiRequest(request)
        && !request.Path.StartsWithSegments("/ops")
        && !request.Path.StartsWithSegments("/health")
        && !request.Path.StartsWithSegments("/metrics")
        && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
}
