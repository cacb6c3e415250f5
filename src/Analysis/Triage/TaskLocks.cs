namespace Crashdesk.Analysis.Triage;

/// <summary>The locks one task holds (or is acquiring: lockdep records a lock when acquisition starts).</summary>
public sealed record TaskLocks
{
    /// <summary>The task's comm.</summary>
    public required string Comm { get; init; }

    /// <summary>Its PID.</summary>
    public int Pid { get; init; }

    /// <summary>Its `#N:` lines, in order.</summary>
    public IReadOnlyList<HeldLock> Locks { get; init; } = [];
}
