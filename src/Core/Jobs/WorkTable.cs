namespace Crashdesk.Core.Jobs;

/// <summary>
/// How rows of one table are claimed, kept and handed back. Every such table has the columns
/// <c>id, status, attempts, worker_name, started_at, lease_until, queue_job_id</c>. A row is open
/// while its status is one of <see cref="OpenStatuses"/>; a worker claims it with one UPDATE that
/// counts the attempt and takes a lease (so two workers can never both claim it), renews the lease
/// while it works, and a row whose lease ran out (its worker died) can be claimed again.
/// </summary>
/// <param name="Name">The table (a constant of ours, never user input: it is spliced into SQL).</param>
/// <param name="OpenStatuses">Statuses in which the work is not finished.</param>
/// <param name="RunningStatus">The status a claim sets (analyses: running); null keeps the status (debug kernels stay pending).</param>
/// <param name="RequeuedStatus">The status a hand-back sets.</param>
/// <param name="ClaimAssignments">Extra <c>SET</c> assignments of a claim (e.g. reset progress), or empty.</param>
/// <param name="ReleaseAssignments">Extra <c>SET</c> assignments of a hand-back, may use <c>@message</c> (why), or empty.</param>
public sealed record WorkTable(
    string Name,
    IReadOnlyList<string> OpenStatuses,
    string? RunningStatus,
    string RequeuedStatus,
    string ClaimAssignments,
    string ReleaseAssignments)
{
    /// <summary>analysis_jobs: queued → running → done | failed.</summary>
    public static readonly WorkTable AnalysisJobs = new(
        "analysis_jobs", ["queued", "running"], "running", "queued",
        "finished_at = NULL, error = NULL, progress = 5, progress_message = 'claimed'", "progress = 0, progress_message = @message");

    /// <summary>environment_imports (a sosreport into its case's environment): queued → running → done | failed, like analyses.</summary>
    public static readonly WorkTable EnvironmentImports = AnalysisJobs with { Name = "environment_imports" };

    /// <summary>archive_unpacks (an uploaded archive into artifacts of its case): queued → running → done | failed, like analyses.</summary>
    public static readonly WorkTable ArchiveUnpacks = AnalysisJobs with { Name = "archive_unpacks" };

    /// <summary>debug_kernels: pending → ready | failed | duplicate (pending while the profile is built).</summary>
    public static readonly WorkTable DebugKernels = new("debug_kernels", ["pending"], null, "pending", "", "");

    /// <summary>debuginfod_fetches (a debug kernel asked of the debuginfod servers): queued → running → done | failed.</summary>
    public static readonly WorkTable DebuginfodFetches = new(
        "debuginfod_fetches", ["queued", "running"], "running", "queued", "finished_at = NULL, error = NULL", "");

    internal string OpenList => string.Join(", ", OpenStatuses.Select(s => $"'{s}'"));

    internal string ClaimSql => $"""
        UPDATE {Name}
           SET {(RunningStatus is null ? "" : $"status = '{RunningStatus}', ")}attempts = attempts + 1, worker_name = @worker,
               started_at = now(), lease_until = now() + @lease{(ClaimAssignments.Length == 0 ? "" : ", " + ClaimAssignments)}
         WHERE id = @id AND status IN ({OpenList}) AND (lease_until IS NULL OR lease_until < now()) AND attempts < @maxAttempts
        RETURNING attempts
        """;

    internal string StateSql => $"""
        SELECT status IN ({OpenList}), attempts, coalesce(lease_until > now(), false) FROM {Name} WHERE id = @id
        """;

    internal string RenewSql => $"""
        UPDATE {Name} SET lease_until = now() + @lease
         WHERE id = @id AND worker_name = @worker AND status IN ({OpenList}) AND lease_until IS NOT NULL
        """;

    /// <summary>Hands the row back; <c>@uncount</c> is 1 when the attempt should not count (a shutdown is not the job's fault).</summary>
    internal string ReleaseSql => $"""
        UPDATE {Name}
           SET status = '{RequeuedStatus}', lease_until = NULL, attempts = greatest(attempts - @uncount, 0){(ReleaseAssignments.Length == 0 ? "" : ", " + ReleaseAssignments)}
         WHERE id = @id AND worker_name = @worker AND status IN ({OpenList})
        """;

    /// <summary>Progress of a running row: {0} percent, {1} message, {2} id (analysis-shaped tables only).</summary>
    internal string ProgressSql => $"UPDATE {Name} SET progress = {{0}}, progress_message = {{1}} WHERE id = {{2}} AND status = 'running'";

    /// <summary>Ends an open row as failed: {0} error, {1} id (analysis-shaped tables only).</summary>
    internal string FailSql =>
        $"UPDATE {Name} SET status = 'failed', error = {{0}}, finished_at = now(), progress_message = 'failed', lease_until = NULL " +
        $"WHERE id = {{1}} AND status IN ({OpenList})";

    internal string SetQueueJobSql => $"UPDATE {Name} SET queue_job_id = @job WHERE id = @id";

    /// <summary>Open rows without a Hangfire job (or whose job was given up) and no live lease: claims them for re-enqueueing.</summary>
    internal string RecoverSql => $"""
        UPDATE {Name} SET queue_job_id = @marker
         WHERE status IN ({OpenList}) AND queue_job_id IS NULL AND (lease_until IS NULL OR lease_until < now())
        RETURNING id
        """;
}
