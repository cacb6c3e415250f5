namespace Crashdesk.Core.Domain;

/// <summary>What a note is anchored to.</summary>
public enum NoteAnchorKind
{
    /// <summary>A line of the kernel log.</summary>
    LogLine,
    /// <summary>A backtrace frame: a task and a frame number.</summary>
    Frame,
    /// <summary>A task (PID).</summary>
    Task,
    /// <summary>A lock (its address).</summary>
    Lock,
}
