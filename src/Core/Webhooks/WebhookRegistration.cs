using Crashdesk.Core.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Core.Webhooks;

/// <summary>Webhooks for a host: options, the admin service, the delivery work and sender; the relay where jobs run.</summary>
public static class WebhookRegistration
{
    public static IServiceCollection AddCrashdeskWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.MaxRetryDelay >= o.RetryDelay, "Webhooks:MaxRetryDelay must be at least Webhooks:RetryDelay")
            .ValidateOnStart();
        services.AddScoped<IWebhookService, WebhookService>();
        services.AddScoped<DeliverWebhookWork>();
        services.AddSingleton<WebhookSender>();
        return services;
    }

    /// <summary>The relay runs in processes that execute jobs (it does nothing where <c>Worker:Queues:webhooks</c> is 0).</summary>
    public static IServiceCollection AddCrashdeskWebhookRelay(this IServiceCollection services) =>
        services.AddHostedService<WebhookRelay>();
}
