using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Extractors.Backtrace;

/// <summary>The backtrace of one task.</summary>
/// <param name="Pid">Task pid.</param>
/// <param name="Comm">Task comm.</param>
/// <param name="Cpu">CPU the task is on (or last ran on).</param>
/// <param name="Task">`task_struct` address.</param>
/// <param name="Active">True when the task was running on <paramref name="Cpu"/> at crash time.</param>
/// <param name="Frames">Innermost first.</param>
/// <param name="UserRegisters">The user-mode registers the kernel was entered with, when the unwind reached them.</param>
/// <param name="Start">How the unwind began ("crash_nmi_callback frame", "machine_kexec frame", "CPU note", "thread.sp").</param>
/// <param name="Error">Why the unwind stopped early, if it did (shown as a marked line).</param>
public sealed record TaskBacktrace(
    int Pid,
    string Comm,
    int Cpu,
    ulong Task,
    bool Active,
    IReadOnlyList<BacktraceFrame> Frames,
    X86_64Registers? UserRegisters,
    string Start,
    string? Error);
