using Crashdesk.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crashdesk.Core.Health;

/// <summary>Ready only when the object store answers (a HEAD of a key that need not exist).</summary>
public sealed class ObjectStoreHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Resolved here: a store that cannot even be built (a bad endpoint) is unhealthy, not a 500.
            await services.GetRequiredService<IBlobStore>().ExistsAsync("health/probe", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reason stays in the server's log (health publishers); the anonymous endpoint says only "Unhealthy".
            return HealthCheckResult.Unhealthy("the object store does not answer", e);
        }
    }
}
