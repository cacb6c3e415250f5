using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>
/// Section "Console": crash-compatible commands on a stored dump, run by the workers (README "Console").
/// Each worker keeps the dumps of its open sessions open (the kernel context built once), so every command
/// after a session's first answers from memory and a few page reads.
/// </summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Commands this process runs at once (one per session at a time); 0: this process runs none.</summary>
    [Range(0, 64)]
    public int Concurrency { get; set; } = 2;

    /// <summary>Sessions whose dump this process keeps open; the least recently used is closed beyond it.</summary>
    [Range(1, 256)]
    public int MaxOpenSessions { get; set; } = 8;

    /// <summary>A session nobody sent a command to for this long is closed (its dump, its kernel context freed).</summary>
    [TimeSpanRange("00:00:05", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A command running longer is cancelled and says so (a <c>foreach bt</c> of a 100 000-task dump).</summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Characters of output a command may print; beyond it the output is cut and marked truncated.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxOutputChars { get; set; } = 1 << 20;

    /// <summary>
    /// How long a worker holds a session without renewing it (it renews every third of it): after a worker dies,
    /// its sessions move to another worker this long later, and a command it was running ends failed.
    /// </summary>
    [TimeSpanRange("00:00:02", "00:30:00")]
    public TimeSpan SessionLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often idle workers and waiting requests look at the commands when a notification was missed.</summary>
    [TimeSpanRange("00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
