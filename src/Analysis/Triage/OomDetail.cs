namespace Crashdesk.Analysis.Triage;

/// <summary>The OOM killer's report (mm/oom_kill.c dump_header, oom_kill_process, __oom_kill_process).</summary>
public sealed record OomDetail
{
    /// <summary>The task that invoked the OOM killer.</summary>
    public string? InvokerComm { get; init; }

    public string? GfpMask { get; init; }

    public int? Order { get; init; }

    public string? Constraint { get; init; }

    public int? KilledPid { get; init; }

    public string? KilledComm { get; init; }

    public long? KilledTotalVmKb { get; init; }

    public long? KilledAnonRssKb { get; init; }

    public long? KilledFileRssKb { get; init; }

    public long? KilledShmemRssKb { get; init; }

    public long? PagesRam { get; init; }

    public long? FreePages { get; init; }

    /// <summary>The task with the largest RSS in the `Tasks state` table (pages), when printed.</summary>
    public string? LargestTaskComm { get; init; }

    public long? LargestTaskRssPages { get; init; }

    /// <summary>True when the OOM ended in a panic (panic_on_oom or no killable task).</summary>
    public bool Panicked { get; init; }
}
