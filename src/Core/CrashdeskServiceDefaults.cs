using Crashdesk.Core.Data;
using Crashdesk.Core.Health;
using Crashdesk.Core.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Crashdesk.Core;

/// <summary>
/// What every Crashdesk host has, the Api and the Worker alike (the shape of .NET Aspire's
/// ServiceDefaults project): health checks, OpenTelemetry traces and metrics, ProblemDetails, and the
/// endpoints that expose them (<c>/health/live</c>, <c>/health/ready</c>, <c>/metrics</c>).
/// </summary>
public static class CrashdeskServiceDefaults
{
    /// <param name="serviceName">The OpenTelemetry <c>service.name</c>: crashdesk-api or crashdesk-worker.</param>
    public static IHostApplicationBuilder AddCrashdeskServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        // "ready": every dependency a request or a job needs; /health/live has none (the process answers).
        services.AddHealthChecks()
            .AddDbContextCheck<CrashdeskDbContext>("database", tags: ["ready"])
            .AddCheck<ObjectStoreHealthCheck>("object-store", tags: ["ready"])
            .AddCheck<JobStorageHealthCheck>("job-storage", tags: ["ready"]);

        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations()
            .Validate(o => !o.Prometheus.Enabled || o.Prometheus.ScrapeToken.Length >= ScrapeToken.MinLength,
                $"Telemetry:Prometheus:ScrapeToken must be at least {ScrapeToken.MinLength} characters when Telemetry:Prometheus:Enabled is true")
            .Validate(o => o.OtlpEndpoint.Length == 0 || Uri.IsWellFormedUriString(o.OtlpEndpoint, UriKind.Absolute),
                "Telemetry:OtlpEndpoint must be an absolute URL (http://collector:4318) or empty")
            .ValidateOnStart();
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        // The gauge costs a query per interval: only where something reads the metrics.
        if (telemetry.Prometheus.Enabled || telemetry.OtlpEndpoint.Length > 0)
            services.AddHostedService<QueueDepthSampler>();

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceVersion: typeof(CrashdeskServiceDefaults).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CrashdeskTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (telemetry.Prometheus.Enabled)
                    metrics.AddPrometheusExporter();
            })
            .WithTracing(tracing => tracing.AddSource(CrashdeskTelemetry.Name).AddAspNetCoreInstrumentation(o =>
                    // Probes and scrapes every few seconds are noise in a trace backend.
                    o.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation());
        if (telemetry.OtlpEndpoint.Length > 0)
            otel.UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf, new Uri(telemetry.OtlpEndpoint));
        return builder;
    }

    /// <summary>
    /// The health probes, anonymous on purpose (load balancers, orchestrators and docker-compose probe them; they
    /// reveal only "Healthy"/"Unhealthy" with 503, which dependency failed goes to the log; <c>/health</c> is
    /// <c>/health/ready</c>), and, when enabled, the Prometheus scrape endpoint behind its bearer token.
    /// </summary>
    public static IEndpointRouteBuilder MapCrashdeskDefaultEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        var prometheus = app.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus;
        if (prometheus.Enabled)
        {
            // Anonymous to the host's own schemes (a scraper has no session or API key); the token is checked in the branch.
            app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (!ScrapeToken.Allows(context.Request, prometheus.ScrapeToken))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    return;
                }
                await next(context);
            }), optionsName: null).AllowAnonymous();
        }
        return app;
    }
}
