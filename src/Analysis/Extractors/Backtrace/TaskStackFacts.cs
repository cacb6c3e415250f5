using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Backtrace;

/// <summary>
/// The few `task_struct` fields a backtrace needs: pid, comm, cpu, the stack base (`stack`,
/// CONFIG_VMAP_STACK) and the saved stack pointer of a switched-out task (`thread.sp`, pointing at
/// its `struct inactive_task_frame`, arch/x86/include/asm/switch_to.h).
/// </summary>
/// <param name="Task">task_struct address.</param>
/// <param name="Pid">pid.</param>
/// <param name="Comm">comm (TASK_COMM_LEN 16).</param>
/// <param name="Cpu">task_struct.cpu (6.1: under CONFIG_THREAD_INFO_IN_TASK), or thread_info.cpu.</param>
/// <param name="StackBase">task_struct.stack.</param>
/// <param name="SavedSp">task_struct.thread.sp.</param>
public sealed record TaskStackFacts(ulong Task, int Pid, string Comm, int Cpu, ulong StackBase, ulong SavedSp)
{
    /// <summary>Reads the fields; throws <see cref="NotSupportedException"/> when the layout lacks them.</summary>
    public static TaskStackFacts Read(KernelContext context, ulong task)
    {
        var t = context.Types;
        var m = context.Target.KernelMemory;
        long pidOff = t.RequireOffset("task_struct", "pid");
        long commOff = t.RequireOffset("task_struct", "comm");
        long stackOff = t.RequireOffset("task_struct", "stack");
        long spOff = t.RequireOffset("task_struct", "thread.sp");
        long? cpuOff = t.OffsetOf("task_struct", "cpu") ?? t.OffsetOf("task_struct", "thread_info.cpu");
        int pid = (int)m.ReadU32(task + (ulong)pidOff, "task_struct.pid");
        string comm = m.ReadCString(task + (ulong)commOff, 16) ?? "";
        int cpu = cpuOff is { } c && m.TryReadU32(task + (ulong)c, out uint cpuValue) ? (int)cpuValue : -1;
        ulong stack = m.ReadU64(task + (ulong)stackOff, "task_struct.stack");
        ulong sp = m.ReadU64(task + (ulong)spOff, "task_struct.thread.sp");
        return new TaskStackFacts(task, pid, comm, cpu, stack, sp);
    }
}
