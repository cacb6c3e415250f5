using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Debuginfod;

/// <summary>
/// Asks for a debug kernel from the configured debuginfod servers when an analysis finds none in the
/// organisation's library: queues <see cref="FetchDebugKernelWork"/> on the debug-kernels queue (never
/// fetched inside the analysis, so its report from kallsyms/BTF is saved at once) — unless that build-id
/// is being fetched already, or its last outcome is younger than <c>Debuginfod:RememberOutcome</c>.
/// Returns the sentence the report's debug-kernel note carries.
/// </summary>
internal sealed class DebuginfodFetchRequests(
    CrashdeskDbContext db,
    IJobQueue queue,
    IOptions<DebuginfodServiceOptions> options,
    ILogger<DebuginfodFetchRequests> logger)
{
    /// <summary>The note for the report, or null when no servers are configured.</summary>
    public async Task<string?> RequestAsync(Guid organizationId, Guid caseId, string buildId, CancellationToken cancellationToken)
    {
        if (options.Value.Servers.Count == 0)
            return null;
        string id = buildId.ToLowerInvariant();
        // One statement: a new build-id inserts the row; an old outcome past its memory is reset to queued.
        // Concurrent analyses of one build-id race on the unique index, and only one of them gets the row back.
        var fresh = Guid.CreateVersion7();
        var claimed = await db.Database.SqlQuery<Guid>($"""
            INSERT INTO debuginfod_fetches (id, organization_id, case_id, build_id, status, attempts, created_at)
            VALUES ({fresh}, {organizationId}, {caseId}, {id}, 'queued', 0, now())
            ON CONFLICT (organization_id, build_id) DO UPDATE
               SET status = 'queued', case_id = EXCLUDED.case_id, error = NULL, source_url = NULL, debug_kernel_id = NULL,
                   retry_after = NULL, attempts = 0, worker_name = NULL, lease_until = NULL, queue_job_id = NULL,
                   created_at = now(), started_at = NULL, finished_at = NULL
             WHERE debuginfod_fetches.status IN ('done', 'failed') AND debuginfod_fetches.retry_after < now()
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        if (claimed.Count == 1)
        {
            logger.LogInformation("Debuginfod fetch {Id} of build-id {BuildId} queued", claimed[0], id);
            await queue.EnqueueAsync<FetchDebugKernelWork>(claimed[0], cancellationToken);
            return $"no debug kernel of build-id {id} in the library: it is being fetched from debuginfod, and the case is re-analysed when it is ready";
        }
        var row = await db.DebuginfodFetches.AsNoTracking()
            .FirstAsync(f => f.OrganizationId == organizationId && f.BuildId == id, cancellationToken);
        return row.Status switch
        {
            AnalysisJobStatus.Queued or AnalysisJobStatus.Running =>
                $"no debug kernel of build-id {id} in the library: it is being fetched from debuginfod, and the case is re-analysed when it is ready",
            AnalysisJobStatus.Failed =>
                $"debuginfod could not provide build-id {id} ({row.Error}); not asked again before {row.RetryAfter:u}",
            // Done: the fetched vmlinux is in the library, pending its profile (or its profile failed: its row says why).
            _ => $"build-id {id} was fetched from {row.SourceUrl}; its debug kernel is not ready",
        };
    }
}
