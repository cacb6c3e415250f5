using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>Section "Worker": the Quartz scheduler that executes analyses.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Api host only: also execute analyses in this process (single-machine installs).</summary>
    public bool RunInProcess { get; set; }

    /// <summary>Concurrent analyses per process.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 2;

    /// <summary>How often a clustered node checks in; a node silent for longer is presumed dead and its jobs recovered.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>
    /// How long an idle worker waits before looking for new analyses. Uploads made through another
    /// process (the Api) do not wake a worker, so this bounds how long a queued analysis waits.
    /// Quartz requires at least one second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Testing aid: the job waits this long after marking itself running, so a test can kill a worker
    /// mid-job. Zero in production.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan HoldBeforeAnalysis { get; set; } = TimeSpan.Zero;
}
