using System.Diagnostics;
using System.Text.Json;
using Crashdesk.Core.Analyses;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Environments;
using Crashdesk.Core.Environments.FromDump;
using Crashdesk.Core.Options;
using Crashdesk.Core.Services;
using Crashdesk.Core.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// One analysis (an <c>analysis_jobs</c> row, claimed by <see cref="QueuedJob{TWork}"/>): analyses
/// its artifact (<see cref="IArtifactAnalyzer"/>), stores the report as the case's next version with
/// its build-id, log flag and debug-kernel choice as columns, and ends the row done — or failed
/// with the reason when the artifact itself is bad. Then checks whether a debug kernel became ready
/// while it ran (<see cref="ReanalysisPlanner.QueueIfMissedAsync"/>).
/// </summary>
public sealed class AnalyzeArtifactWork(
    CrashdeskDbContext db,
    IArtifactAnalyzer analyzer,
    ReanalysisPlanner planner,
    EnvironmentStore environments,
    IOptions<WorkerOptions> options,
    ILogger<AnalyzeArtifactWork> logger) : IQueuedWork
{
    public static string Queue => JobQueues.Analysis;

    public static WorkTable Table => WorkTable.AnalysisJobs;

    /// <summary>
    /// Runs the analysis inside a trace span and a log scope naming the job and case, and records its
    /// duration by outcome: done, failed (the dump is bad: the row ends failed), or error (an exception the
    /// job system retries with back-off).
    /// </summary>
    public async Task RunAsync(Guid id, CancellationToken cancellationToken)
    {
        using var activity = CrashdeskTelemetry.Activities.StartActivity("analysis");
        activity?.SetTag("crashdesk.analysis.id", id.ToString());
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = id });
        long started = Stopwatch.GetTimestamp();
        (string Outcome, string? Input) ended = ("error", null);
        try
        {
            ended = await AnalyseAsync(id, activity, cancellationToken);
        }
        finally
        {
            activity?.SetTag("crashdesk.analysis.outcome", ended.Outcome);
            CrashdeskTelemetry.AnalysisDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("outcome", ended.Outcome), new KeyValuePair<string, object?>("input", ended.Input ?? "unknown"));
        }
    }

    private async Task<(string Outcome, string? Input)> AnalyseAsync(Guid id, Activity? activity, CancellationToken cancellationToken)
    {
        if (options.Value.HoldBeforeAnalysis > TimeSpan.Zero)
            await Task.Delay(options.Value.HoldBeforeAnalysis, cancellationToken);

        var job = await db.AnalysisJobs.AsNoTracking().FirstAsync(j => j.Id == id, cancellationToken);
        activity?.SetTag("crashdesk.case.id", job.CaseId.ToString());
        using var caseScope = logger.BeginScope(new Dictionary<string, object> { ["CaseId"] = job.CaseId });
        var artifact = await db.Artifacts.AsNoTracking().FirstAsync(a => a.Id == job.ArtifactId, cancellationToken);
        var organizationId = await db.Cases.Where(c => c.Id == job.CaseId).Select(c => c.OrganizationId).FirstAsync(cancellationToken);
        await SetProgressAsync(id, 10, "opening the dump", cancellationToken);
        ArtifactAnalysisResult result;
        try
        {
            result = await analyzer.AnalyzeAsync(
                new ArtifactAnalysisRequest(organizationId, job.CaseId, artifact.FileName, artifact.Kind, artifact.StorageKey), cancellationToken);
        }
        catch (Exception e) when (JobFailures.IsPermanent(e))
        {
            logger.LogWarning(e, "Analysis {JobId}: {File} cannot be analysed", id, artifact.FileName);
            await FailAsync(id, JobFailures.Describe(e, artifact.StorageKey, artifact.FileName), CancellationToken.None);
            return ("failed", null);
        }
        // Before the report: when the analysis shows done, the environment it read is there too.
        await RecordEnvironmentAsync(job.CaseId, artifact.FileName, result, cancellationToken);
        await SetProgressAsync(id, 90, "saving the report", cancellationToken);
        await SaveReportAsync(job, organizationId, artifact.FileName, result, cancellationToken);
        logger.LogInformation("Analysis {JobId} done", id);
        try
        {
            await planner.QueueIfMissedAsync(job.Id, result, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The report is saved and the job done: this is logged, never turned into a failed job.
            logger.LogWarning(e, "Analysis {JobId}: could not check for a debug kernel that became ready meanwhile", id);
        }
        return ("done", result.IsLog ? "log" : "dump");
    }

    /// <summary>
    /// What the dump says about the machine becomes the case's next environment version (when it
    /// adds or changes something). A failure here is logged, never a failed analysis: the report matters more.
    /// </summary>
    private async Task RecordEnvironmentAsync(Guid caseId, string fileName, ArtifactAnalysisResult result, CancellationToken cancellationToken)
    {
        try
        {
            var reading = DumpEnvironment.Read(result.Report, DateTimeOffset.UtcNow);
            await environments.AppendAsync(EnvironmentOwner.OfCase(caseId), (current, _) => EnvironmentMerge.Apply(current, reading),
                FactSources.Dump, $"read from {fileName}", null, CaseTimeline.ServiceActor, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Case {CaseId}: the environment could not be read from {File}", caseId, fileName);
        }
    }

    /// <summary>Ends the row failed and, in the same transaction, raises analysis.failed (only when this call ended it).</summary>
    public async Task FailAsync(Guid id, string error, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await ProgressRows.FailAsync(db, Table, id, error, cancellationToken) > 0)
        {
            var failed = await (from j in db.AnalysisJobs.AsNoTracking()
                                join a in db.Artifacts on j.ArtifactId equals a.Id
                                join c in db.Cases on j.CaseId equals c.Id
                                where j.Id == id
                                select new { j.CaseId, j.ArtifactId, a.FileName, c.OrganizationId }).FirstAsync(cancellationToken);
            Webhooks.WebhookEvents.AnalysisFailed(db, failed.OrganizationId, failed.CaseId, id, failed.ArtifactId, failed.FileName, error);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private Task SetProgressAsync(Guid id, int percent, string message, CancellationToken cancellationToken) =>
        ProgressRows.SetProgressAsync(db, Table, id, percent, message, cancellationToken);

    private async Task SaveReportAsync(AnalysisJob job, Guid organizationId, string fileName, ArtifactAnalysisResult result, CancellationToken cancellationToken)
    {
        var report = result.Report;
        var facts = CaseReportFacts.Of(report);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Serialise report versions of one case: lock its row, then take max + 1.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM cases WHERE id = {job.CaseId} FOR UPDATE", cancellationToken);
        int version = await db.Reports.Where(r => r.CaseId == job.CaseId).MaxAsync(r => (int?)r.Version, cancellationToken) ?? 0;
        bool excerpt = report.Excerpt is not null;
        // An excerpt is the early look at a dump still on its way: once the whole dump's report is in, it adds nothing.
        if (excerpt && await db.Reports.AnyAsync(r => r.CaseId == job.CaseId && !r.IsLog && !r.IsExcerpt, cancellationToken))
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE analysis_jobs SET status = 'done', progress = 100, progress_message = 'superseded: the whole dump was analysed first',
                       finished_at = now(), lease_until = NULL
                 WHERE id = {job.Id}
                """, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }
        db.Reports.Add(new Report
        {
            CaseId = job.CaseId,
            AnalysisJobId = job.Id,
            ArtifactId = job.ArtifactId,
            Version = version + 1,
            SchemaVersion = report.SchemaVersion,
            PanicLine = facts.PanicLine,
            Content = JsonSerializer.Serialize(report, ReportJson.Options),
            BuildId = result.BuildId,
            IsLog = result.IsLog,
            IsExcerpt = excerpt,
            UsedDebugKernelId = result.UsedDebugKernelId,
            RefusedDebugKernelIds = [.. result.RefusedDebugKernelIds],
            DebugKernel = result.DebugKernel is null ? null : JsonSerializer.Serialize(result.DebugKernel, ReportJson.Options),
        });
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE analysis_jobs SET status = 'done', progress = 100, progress_message = 'done', finished_at = now(), lease_until = NULL
             WHERE id = {job.Id}
            """, cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE cases SET updated_at = now(), panic_line = {facts.PanicLine}, triage_title = {facts.TriageTitle},
                   crash_class = {facts.CrashClass}, guilty_frame = {facts.GuiltyFrame}, kernel_release = {facts.KernelRelease}, kernel_build = {facts.KernelBuild},
                   trace_frames = {facts.TraceFrames}, guilty_module = {facts.GuiltyModule},
                   crash_signature = {facts.CrashSignature}
             WHERE id = {job.CaseId}
            """, cancellationToken);
        await Groups.CrashGroupAssigner.AssignAsync(db, job.CaseId, organizationId, facts, report.Triage?.Primary?.SignatureVersion ?? Analysis.Triage.CrashSignature.Version, cancellationToken);
        CaseTimeline.Record(db, job.CaseId, null, CaseTimeline.ServiceActor, "report", version == 0 ? null : $"v{version}",
            $"v{version + 1} from {fileName}" + (facts.TriageTitle is { } title ? $": {title}" : ""));
        var groupId = await db.Cases.AsNoTracking().Where(c => c.Id == job.CaseId).Select(c => c.GroupId).FirstAsync(cancellationToken);
        Webhooks.WebhookEvents.AnalysisCompleted(db, organizationId, job, fileName, version + 1, facts, groupId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
