using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>Section "Worker": the Hangfire servers that execute queued work, and how jobs are retried and recovered.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Api host only: also execute jobs in this process (single-machine installs).</summary>
    public bool RunInProcess { get; set; }

    /// <summary>
    /// Worker host only: where its management endpoints (/health/live, /health/ready, /metrics) listen,
    /// ';'-separated. The default, a free loopback port, lets several workers share a machine and exposes
    /// nothing beyond it; a container sets <c>http://0.0.0.0:8081</c> for its probes and scraper.
    /// </summary>
    [Required]
    public string ManagementUrls { get; set; } = "http://127.0.0.1:0";

    /// <summary>The section as configured, for the decisions a host makes while it is being built (before options exist).</summary>
    public static WorkerOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        Microsoft.Extensions.Configuration.ConfigurationBinder.Get<WorkerOptions>(configuration.GetSection(Section)) ?? new WorkerOptions();

    /// <summary>
    /// Concurrent jobs per queue in this process (<c>Worker:Queues:analysis = 2</c>); a queue set to 0
    /// is not served here. Queues missing from the configuration keep these defaults.
    /// </summary>
    public Dictionary<string, int> Queues { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["analysis"] = 2,
        ["debug-kernels"] = 1,
        ["webhooks"] = 1,
        ["maintenance"] = 1,
    };

    /// <summary>
    /// Hangfire.PostgreSql's invisibility timeout, used sliding: a running job's queue entry is
    /// touched every fifth of it, so any analysis, however long, stays with its worker; when a
    /// worker dies, its job becomes visible to the others after this long (plus one poll). Row
    /// leases last four fifths of it (<c>WorkLeases.LeaseDuration</c>), so the row is claimable by
    /// then. Two minutes bounds the recovery of a killed worker's analysis while riding out a
    /// database hiccup of over a minute without a second worker taking the job.
    /// </summary>
    [TimeSpanRange("00:00:05", "01:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often an idle server looks at its queues. Enqueues also send a PostgreSQL NOTIFY that
    /// wakes the servers at once, so this is the fallback when a notification is missed.
    /// </summary>
    [TimeSpanRange("00:00:00.100", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Attempts per job, counted on the row at each claim (so a dump that kills its worker every
    /// time also stops): after the last one fails, the row ends failed with the last error. Four: with
    /// the default back-off the attempts fall at 0, +10 s, +50 s and +210 s, so an analysis rides out a
    /// database restart or an object store away for a few minutes (three gave up after 50 s).
    /// </summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Back-off before the first retry; each further retry waits four times longer.</summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Testing aid: the job waits this long after claiming its row, so a test can kill a worker
    /// mid-job. Zero in production.
    /// </summary>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan HoldBeforeAnalysis { get; set; } = TimeSpan.Zero;
}
