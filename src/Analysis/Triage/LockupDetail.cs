namespace Crashdesk.Analysis.Triage;

/// <summary>Soft/hard lockup facts (kernel/watchdog.c): `BUG: soft lockup - CPU#1 stuck for 13s! [init:130]`.</summary>
public sealed record LockupDetail
{
    /// <summary>The stuck CPU (`CPU#1`).</summary>
    public int? Cpu { get; init; }

    /// <summary>How long it was stuck (`13s`; soft lockups only).</summary>
    public int? StuckSeconds { get; init; }

    /// <summary>The task running on it (`[init:130]`).</summary>
    public string? Comm { get; init; }

    /// <summary>That task's PID.</summary>
    public int? Pid { get; init; }
}
