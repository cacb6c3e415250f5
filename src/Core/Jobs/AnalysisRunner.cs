using System.Text.Json;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// Runs one analysis: claims the row (queued|running → running, attempts + 1), opens the artifact
/// through the store's byte source (ranged reads, never a download), runs the engine, and stores
/// the report as the case's next version with the row → done — or → failed with the error.
/// Idempotent: a row already done or failed is left alone, so a duplicate fire does nothing.
/// </summary>
public sealed class AnalysisRunner(
    IServiceScopeFactory scopes,
    IBlobStore store,
    DebugKernelResolver debugKernels,
    IOptions<WorkerOptions> options,
    ILogger<AnalysisRunner> logger)
{
    public async Task RunAsync(Guid analysisJobId, string workerName, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
        var progress = new JobProgress(db, analysisJobId);

        // The claim is one UPDATE: two nodes can never both see "queued" and both count an attempt.
        int claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE analysis_jobs
               SET status = 'running', attempts = attempts + 1, worker_name = {workerName},
                   started_at = now(), finished_at = NULL, error = NULL, progress = 5, progress_message = 'claimed'
             WHERE id = {analysisJobId} AND status IN ('queued', 'running')
            """, cancellationToken);
        if (claimed == 0)
        {
            logger.LogInformation("Analysis {JobId} is finished or gone; nothing to do", analysisJobId);
            return;
        }

        try
        {
            if (options.Value.HoldBeforeAnalysis > TimeSpan.Zero)
                await Task.Delay(options.Value.HoldBeforeAnalysis, cancellationToken);

            var job = await db.AnalysisJobs.AsNoTracking().FirstAsync(j => j.Id == analysisJobId, cancellationToken);
            var artifact = await db.Artifacts.AsNoTracking().FirstAsync(a => a.Id == job.ArtifactId, cancellationToken);
            await progress.SetAsync(10, "opening the dump", cancellationToken);
            AnalysisReport report;
            using (var source = await store.OpenByteSourceAsync(artifact.StorageKey, cancellationToken))
            {
                await progress.SetAsync(20, "analysing", cancellationToken);
                // A console log gets the log triage (issue 4); a dump, with the organisation's debug kernel of its build-id, if any (issue 5).
                report = await ArtifactAnalysis.AnalyzeAsync(artifact, source,
                    () => debugKernels.AnalyzeAsync(db, job.CaseId, source, cancellationToken), cancellationToken);
            }
            await progress.SetAsync(90, "saving the report", cancellationToken);
            await SaveReportAsync(db, job, report, cancellationToken);
            // A debug kernel that became ready while this ran is not lost (absent where no planner is registered).
            if (scope.ServiceProvider.GetService<ReanalysisPlanner>() is { } planner)
                await QueueIfMissedAsync(planner, job, report, cancellationToken);
            logger.LogInformation("Analysis {JobId} done", analysisJobId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown or interruption: hand the job back; Quartz recovery fires it again.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE analysis_jobs SET status = 'queued', progress = 0, progress_message = 'interrupted; will be retried'
                 WHERE id = {analysisJobId} AND status = 'running'
                """, CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Analysis {JobId} failed", analysisJobId);
            var message = $"{e.GetType().Name}: {e.Message}";
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE analysis_jobs SET status = 'failed', error = {message}, finished_at = now(), progress_message = 'failed'
                 WHERE id = {analysisJobId}
                """, CancellationToken.None);
        }
    }

    private static async Task SaveReportAsync(CrashdeskDbContext db, AnalysisJob job, AnalysisReport report, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(report, ReportJson.Options);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Serialise report versions of one case: lock its row, then take max + 1.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM cases WHERE id = {job.CaseId} FOR UPDATE", cancellationToken);
        int version = await db.Reports.Where(r => r.CaseId == job.CaseId).MaxAsync(r => (int?)r.Version, cancellationToken) ?? 0;
        db.Reports.Add(new Report
        {
            CaseId = job.CaseId,
            AnalysisJobId = job.Id,
            ArtifactId = job.ArtifactId,
            Version = version + 1,
            SchemaVersion = report.SchemaVersion,
            PanicLine = Truncate(report.PanicLine, 1000),
            Content = json,
        });
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE analysis_jobs SET status = 'done', progress = 100, progress_message = 'done', finished_at = now()
             WHERE id = {job.Id}
            """, cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE cases SET updated_at = now() WHERE id = {job.CaseId}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The report is saved and the job done: a failure here is logged, never turned into a failed job.</summary>
    private async Task QueueIfMissedAsync(ReanalysisPlanner planner, AnalysisJob job, AnalysisReport report, CancellationToken cancellationToken)
    {
        try
        {
            await planner.QueueIfMissedAsync(job, report, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Analysis {JobId}: could not check for a debug kernel that became ready meanwhile", job.Id);
        }
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
