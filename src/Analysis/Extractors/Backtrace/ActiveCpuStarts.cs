using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Unwind;

namespace Crashdesk.Analysis.Extractors.Backtrace;

/// <summary>
/// Where a running task's unwind starts. On a kdump capture the NT_PRSTATUS note does not hold
/// where the CPU stopped: the panicking CPU saved its registers in `__crash_kexec`
/// (crash_setup_regs, or the oops `pt_regs`) and then went on into `machine_kexec`; every other
/// CPU saved the `pt_regs` its stop-NMI interrupted (crash_nmi_callback → crash_save_cpu) and
/// halted inside `crash_nmi_callback`. crash shows those frames (x86_64.c finds them by searching
/// the stack for those functions); so do we, but only a return address into that function from
/// which the ORC unwind arrives exactly at the note's registers (same pt_regs RIP/RSP, or the same
/// caller frame) is accepted — never a stale stack word. The frames from the note onwards are
/// the note's own unwind (what drgn shows). Without such a frame (QEMU dumps: the notes are the
/// real CPU state) the unwind starts from the note.
/// </summary>
internal sealed class ActiveCpuStarts
{
    private readonly KernelContext _context;
    private readonly OrcUnwinder _unwinder;

    public ActiveCpuStarts(KernelContext context, OrcUnwinder unwinder)
    {
        _context = context;
        _unwinder = unwinder;
    }

    public (UnwindResult Result, string How) Unwind(CpuRegisters note, StackRange taskStack, int cpu, bool panicking)
    {
        var regs = note.Registers;
        UnwindResult fromNote = PtRegs.IsUserMode(regs)
            ? new UnwindResult([], regs, 0, null)
            : _unwinder.Unwind(UnwindStart.FromRegisters(regs), taskStack, cpu);
        string stopFunction = panicking ? "machine_kexec" : "crash_nmi_callback";
        if (!_context.Symbols.TryGetSymbol(stopFunction, out var symbol) || symbol.Size == 0)
            return (fromNote, "CPU note");
        ulong fnStart = _context.Symbols.ToRuntime(symbol.Address);
        ulong fnEnd = fnStart + symbol.Size;
        foreach (var region in Regions(regs, taskStack, cpu, panicking))
            foreach (ulong slot in Candidates(region, fnStart, fnEnd))
            {
                ulong value = _context.Target.KernelMemory.ReadU64(slot);
                // The panicking CPU's note was taken in __crash_kexec, which does not touch RBP on its
                // way into machine_kexec: its RBP is the one to carry (the NMI path restores RBP
                // from pt_regs instead).
                var start = new UnwindStart(value, slot + 8, panicking ? regs.Rbp : null, slot, true);
                var candidate = _unwinder.Unwind(start, taskStack, cpu);
                if (TryJoin(candidate, fromNote, regs, out var joined))
                    return (joined, stopFunction + " frame");
            }
        return (fromNote, "CPU note");
    }

    // Stacks to search: the panicking CPU went deeper on the stack it saved its registers on; a
    // stopped CPU ran its NMI handler on the NMI stack (kernel mode) or, interrupted in user
    // mode, on the task stack (entry_64.S asm_exc_nmi switches to the thread stack).
    private IEnumerable<(ulong Low, ulong High)> Regions(X86_64Registers regs, StackRange taskStack, int cpu, bool panicking)
    {
        if (panicking)
        {
            var s = _unwinder.Stacks.Find(regs.Rsp, taskStack, cpu);
            if (s is not null)
                yield return (s.Base, regs.Rsp);
            yield break;
        }
        foreach (var s in _unwinder.Stacks.ForCpu(cpu))
            if (s.Name == "NMI exception")
                yield return (s.Base, s.Top);
        yield return (taskStack.Base, taskStack.Top);
    }

    private IEnumerable<ulong> Candidates((ulong Low, ulong High) region, ulong fnStart, ulong fnEnd)
    {
        ulong length = region.High > region.Low ? region.High - region.Low : 0;
        if (length == 0 || length > KernelStacks.ThreadSize * 2)
            yield break;
        var bytes = new byte[length & ~7UL];
        int read = _context.Target.KernelMemory.Read(region.Low, bytes);
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(0, read & ~7)).ToArray();
        for (int i = 0; i < words.Length; i++)
            if (words[i] > fnStart && words[i] <= fnEnd)
                yield return region.Low + (ulong)i * 8;
    }

    private static bool TryJoin(UnwindResult candidate, UnwindResult fromNote, X86_64Registers regs, out UnwindResult joined)
    {
        joined = candidate;
        if (fromNote.Frames.Count == 0)
        {
            // Interrupted in user mode: the candidate must end at exactly those user registers.
            return candidate.UserRegisters is { } u && u.Rip == regs.Rip && u.Rsp == regs.Rsp;
        }
        for (int k = 0; k < fromNote.Frames.Count; k++)
        {
            var target = fromNote.Frames[k];
            for (int i = 1; i < candidate.Frames.Count; i++)
            {
                var c = candidate.Frames[i];
                if (c.Pc != target.Pc || c.StackAddress != target.StackAddress)
                    continue;
                var frames = candidate.Frames.Take(i).Concat(fromNote.Frames.Skip(k).Select((f, j) => j == 0 ? f with { Registers = c.Registers, RegistersAddress = c.RegistersAddress, PartialRegisters = c.PartialRegisters } : f)).ToList();
                joined = new UnwindResult(frames, fromNote.UserRegisters, fromNote.UserRegistersAddress, fromNote.Error);
                return true;
            }
        }
        return false;
    }
}
