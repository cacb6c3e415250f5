using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// The per-CPU stacks an x86_64 unwind can cross (arch/x86/kernel/dumpstack_64.c get_stack_info):
/// the hard-IRQ stack (per-CPU `hardirq_stack_ptr` = top − 8, IRQ_STACK_SIZE 16 KiB, 6.1
/// arch/x86/kernel/irq_64.c) and the IST exception stacks in the CPU entry area (per-CPU
/// `cea_exception_stacks` → `struct cea_exception_stacks` members `DF_stack`, `NMI_stack`, …,
/// arch/x86/include/asm/cpu_entry_area.h). Task stacks come from `task_struct.stack` (THREAD_SIZE).
/// </summary>
public sealed class KernelStacks
{
    /// <summary>x86_64 THREAD_SIZE and IRQ_STACK_SIZE without KASAN (page_64_types.h).</summary>
    public const ulong ThreadSize = 16 * 1024;

    // crash's names for the IST stacks (x86_64.c x86_64_exception_stacks), by the kernel's member prefix.
    private static readonly Dictionary<string, string> _crashNames = new(StringComparer.Ordinal)
    {
        ["DF"] = "DOUBLEFAULT", ["NMI"] = "NMI", ["DB"] = "DEBUG", ["MCE"] = "MCE", ["VC"] = "VC", ["VC2"] = "VC2",
    };

    private readonly Dictionary<int, StackRange[]> _cpuStacks = new();

    private KernelStacks()
    {
    }

    /// <summary>The IRQ and exception stacks of <paramref name="cpu"/> (empty when unknown).</summary>
    public IReadOnlyList<StackRange> ForCpu(int cpu) => _cpuStacks.TryGetValue(cpu, out var s) ? s : [];

    /// <summary>The stack containing <paramref name="address"/> among the task's and every CPU's, if any.</summary>
    public StackRange? Find(ulong address, StackRange? taskStack, int preferredCpu)
    {
        if (taskStack is not null && taskStack.Contains(address))
            return taskStack;
        foreach (var s in ForCpu(preferredCpu))
            if (s.Contains(address))
                return s;
        foreach (var (_, stacks) in _cpuStacks)
            foreach (var s in stacks)
                if (s.Contains(address))
                    return s;
        return null;
    }

    /// <summary>Reads the stacks of every CPU that has a per-CPU offset.</summary>
    public static KernelStacks Read(KernelContext context, int cpuCount, CancellationToken cancellationToken = default)
    {
        var result = new KernelStacks();
        var memory = context.Target.KernelMemory;
        var istMembers = IstMembers(context);
        for (int cpu = 0; cpu < cpuCount; cpu++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stacks = new List<StackRange>();
            if (PerCpu.TryGetAddress(context, "hardirq_stack_ptr", cpu, out ulong irqPtrVar) && memory.TryReadU64(irqPtrVar, out ulong irqPtr) && irqPtr != 0)
            {
                ulong top = irqPtr + 8;
                stacks.Add(new StackRange("IRQ", top - ThreadSize, top));
            }
            if (PerCpu.TryGetAddress(context, "cea_exception_stacks", cpu, out ulong ceaVar) && memory.TryReadU64(ceaVar, out ulong cea) && cea != 0)
                foreach (var (name, off, size) in istMembers)
                    stacks.Add(new StackRange(name + " exception", cea + (ulong)off, cea + (ulong)off + (ulong)size));
            result._cpuStacks[cpu] = stacks.ToArray();
        }
        return result;
    }

    private static List<(string Name, long Offset, long Size)> IstMembers(KernelContext context)
    {
        var list = new List<(string, long, long)>();
        if (!context.Types.TryFind("cea_exception_stacks", out var type))
            return list;
        foreach (var m in type.Resolved.Members)
        {
            if (m.Name is not { } n || !n.EndsWith("_stack", StringComparison.Ordinal))
                continue;
            string prefix = n[..^"_stack".Length];
            long size = m.Type.Resolved.Size;
            if (size <= 0)
                continue;
            list.Add((_crashNames.TryGetValue(prefix, out var crashName) ? crashName : prefix, m.Offset, size));
        }
        return list;
    }
}
