namespace Crashdesk.Analysis.Triage;

/// <summary>The locks one task holds (or is acquiring: lockdep records a lock when acquisition starts).</summary>
public sealed record TaskLocks
{
    public required string Comm { get; init; }

    public int Pid { get; init; }

    public IReadOnlyList<HeldLock> Locks { get; init; } = [];
}
