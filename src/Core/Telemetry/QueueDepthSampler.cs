using System.Diagnostics.Metrics;
using Crashdesk.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Telemetry;

/// <summary>
/// Counts queued and running analyses every <see cref="TelemetryOptions.QueueDepthInterval"/> for the
/// queue-depth gauge. Sampled in the background, not on the scrape: a scrape must not wait on the
/// database, and a slow database must not make scrapes pile up queries. The analysis_jobs rows are the
/// truth (Hangfire's own queue holds only what is claimable now).
/// </summary>
internal sealed class QueueDepthSampler(IServiceScopeFactory scopes, IOptions<TelemetryOptions> options, ILogger<QueueDepthSampler> logger)
    : BackgroundService
{
    private static readonly string[] Statuses = ["queued", "running"];
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.QueueDepthInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
                var counts = await db.Database.SqlQuery<StatusCount>($"""
                    SELECT status AS "Status", count(*)::bigint AS "Count" FROM analysis_jobs
                     WHERE status = ANY({Statuses}) GROUP BY status
                    """).ToListAsync(stoppingToken);
                CrashdeskTelemetry.SetQueueDepth([.. Statuses.Select(s => new Measurement<long>(counts.FirstOrDefault(c => c.Status == s)?.Count ?? 0,
                    new KeyValuePair<string, object?>("status", s)))]);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // No sample is better than a stale one presented as current.
                CrashdeskTelemetry.SetQueueDepth([]);
                logger.LogWarning(e, "The analysis queue depth could not be read");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private sealed record StatusCount(string Status, long Count);
}
