namespace Crashdesk.Analysis.Triage;

/// <summary>One task's stack from a SysRq `t`/`w`/`l` dump or a hung-task report.</summary>
public sealed record TaskTrace
{
    /// <summary>The task's comm.</summary>
    public required string Comm { get; init; }

    /// <summary>Its PID, when printed.</summary>
    public int? Pid { get; init; }

    /// <summary>Scheduler state letter as printed by sched_show_task (`D`, `S`, `R`...).</summary>
    public string? State { get; init; }

    /// <summary>The CPU it last ran on, when printed.</summary>
    public int? Cpu { get; init; }

    /// <summary>Its stack, innermost first.</summary>
    public IReadOnlyList<TraceFrame> Frames { get; init; } = [];
}
