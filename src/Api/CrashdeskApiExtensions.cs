using Crashdesk.Api.Auth;
using Crashdesk.Api.Endpoints;
using Crashdesk.Api.Hosting;
using Crashdesk.Core;
using Crashdesk.Core.Data;
using Crashdesk.Core.Options;
using Microsoft.AspNetCore.Authentication;

namespace Crashdesk.Api;

/// <summary>The web host's own registrations and pipeline: REST API, auth, ProblemDetails, OpenAPI, health.</summary>
public static class CrashdeskApiExtensions
{
    public const string ApiPrefix = "/api/v1";

    public static WebApplicationBuilder AddCrashdeskApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<ValidationExceptionHandler>();
        services.AddAntiforgery();
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
            });
        services.AddScoped<CookieAuthEvents>();
        services.AddAuthorization();
        services.AddOpenApi();
        services.AddHealthChecks().AddDbContextCheck<CrashdeskDbContext>("database");
        services.AddHostedService<FirstStartBootstrapper>();
        if (builder.Configuration.GetValue<bool>($"{WorkerOptions.Section}:{nameof(WorkerOptions.RunInProcess)}"))
            builder.AddCrashdeskWorker();
        return builder;
    }

    /// <summary>Middleware and endpoints. UI hosts add their pages after this call.</summary>
    public static WebApplication UseCrashdeskApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseOperationsDashboard();

        var api = app.MapGroup(ApiPrefix)
            .RequireAuthorization()
            .AddEndpointFilter<CookieAntiforgeryFilter>()
            // Antiforgery is checked by the filter above for cookie sessions only; API keys need none.
            .DisableAntiforgery();
        api.MapCaseApi().MapNoteApi().MapArtifactApi().MapAnalysisApi().MapReportApi().MapAccountApi().MapDebugKernelApi();

        // Anonymous on purpose: load balancers and docker-compose probe it. It reveals only "Healthy"/"Unhealthy".
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }
}
