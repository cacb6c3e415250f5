using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crashdesk.Core.Health;

/// <summary>Ready only when Hangfire's storage (its schema in PostgreSQL) answers: a read of its server list.</summary>
public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = storage.GetMonitoringApi().Servers();
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the job storage does not answer", e));
        }
    }
}
