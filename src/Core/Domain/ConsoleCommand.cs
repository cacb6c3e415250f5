namespace Crashdesk.Core.Domain;

/// <summary>
/// One line sent to a console session, and afterwards what it printed: queued → running (a worker claimed
/// it) → done, failed (the command's own error, or the dump could not be opened) or cancelled (a person's
/// Ctrl-C, or the time cap).
/// </summary>
public sealed class ConsoleCommand
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    public Guid CaseId { get; set; }
    public Guid UserId { get; set; }
    public ConsoleCommandKind Kind { get; set; } = ConsoleCommandKind.Run;
    public required string Line { get; set; }
    public ConsoleCommandStatus Status { get; set; } = ConsoleCommandStatus.Queued;
    /// <summary>The text as crash prints it (a completion: one candidate per line).</summary>
    public string? Output { get; set; }
    /// <summary>The clickable spans of <see cref="Output"/> (the engine's <c>ShellLink</c>s) as JSONB.</summary>
    public string? Links { get; set; }
    /// <summary>True when the output reached the output cap and was cut.</summary>
    public bool Truncated { get; set; }
    /// <summary>crash's error line, or why the command could not run.</summary>
    public string? Error { get; set; }
    public bool CancelRequested { get; set; }
    public string? WorkerName { get; set; }
    /// <summary>Bytes of the dump the command read from the object store (what a cold cache costs).</summary>
    public long? BytesRead { get; set; }
    public int? DurationMs { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>What a console command asks: run the line, or complete its last word (Tab).</summary>
public enum ConsoleCommandKind
{
    Run,
    Complete,
}

/// <summary>Where a console command is (the column holds the lower-case name).</summary>
public enum ConsoleCommandStatus
{
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
}
