namespace Crashdesk.Analysis.Triage;

/// <summary>Soft/hard lockup facts (kernel/watchdog.c): `BUG: soft lockup - CPU#1 stuck for 13s! [init:130]`.</summary>
public sealed record LockupDetail
{
    public int? Cpu { get; init; }

    public int? StuckSeconds { get; init; }

    public string? Comm { get; init; }

    public int? Pid { get; init; }
}
