namespace Crashdesk.Analysis.Triage;

/// <summary>One task's stack from a SysRq `t`/`w`/`l` dump or a hung-task report.</summary>
public sealed record TaskTrace
{
    public required string Comm { get; init; }

    public int? Pid { get; init; }

    /// <summary>Scheduler state letter as printed by sched_show_task (`D`, `S`, `R`...).</summary>
    public string? State { get; init; }

    public int? Cpu { get; init; }

    public IReadOnlyList<TraceFrame> Frames { get; init; } = [];
}
