using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// The x86_64 ORC unwinder, following the kernel's own `unwind_next_frame()`
/// (arch/x86/kernel/unwind_orc.c, v6.1), with the register tracking drgn uses
/// (libdrgn/arch_x86_64.c orc_to_cfi / pt_regs handling): look up the ORC entry of the
/// instruction (a return address is looked up at pc − 1), compute the CFA from SP/BP/indirect
/// bases, then read the return address below the CFA (CALL), a full `pt_regs` at the CFA (REGS)
/// or the hardware iret frame (REGS_PARTIAL); recover BP. Where no ORC entry covers a pc it
/// falls back to the frame-pointer chain (`orc_fp_entry`). A `pt_regs` with a user-mode CS ends
/// the unwind. Thread-safe (stateless apart from its inputs).
/// </summary>
public sealed class OrcUnwinder
{
    private readonly IMemoryReader _memory;
    private readonly OrcIndex _orc;
    private readonly KernelStacks _stacks;
    private readonly int _maxFrames;
    private readonly DwarfCfiTable? _cfi;
    private readonly Func<ulong, ulong?>? _functionStart;

    /// <summary>
    /// Creates an unwinder over kernel memory. <paramref name="cfi"/> covers functions ORC leaves
    /// undefined; without it, <paramref name="functionStart"/> (pc → start of its function) enables
    /// the call-site search of <see cref="CallSiteSearch"/> for them.
    /// </summary>
    public OrcUnwinder(IMemoryReader memory, OrcIndex orc, KernelStacks stacks, int maxFrames, DwarfCfiTable? cfi = null, Func<ulong, ulong?>? functionStart = null)
    {
        _cfi = cfi;
        _functionStart = functionStart;
        _memory = memory;
        _orc = orc;
        _stacks = stacks;
        _maxFrames = maxFrames;
    }

    /// <summary>The ORC tables used.</summary>
    public OrcIndex Orc => _orc;

    /// <summary>The per-CPU stacks used to label stack switches.</summary>
    public KernelStacks Stacks => _stacks;

    /// <summary>Unwinds from <paramref name="start"/>; <paramref name="taskStack"/> and <paramref name="cpu"/> label stacks.</summary>
    public UnwindResult Unwind(UnwindStart start, StackRange? taskStack, int cpu)
    {
        var frames = new List<UnwindFrame>();
        ulong ip = start.Pc, sp = start.Sp;
        ulong? bp = start.Bp;
        X86_64Registers? regs = start.Registers;
        bool signal = !start.IsReturnAddress;
        var stack = _stacks.Find(sp, taskStack, cpu);
        frames.Add(new UnwindFrame(ip, start.StackAddress, sp, stack) { IsReturnAddress = start.IsReturnAddress });
        Span<byte> buffer = stackalloc byte[PtRegs.Size];
        while (true)
        {
            if (frames.Count >= _maxFrames)
                return new UnwindResult(frames, null, 0, $"more than {_maxFrames} frames");
            ulong lookup = signal ? ip : ip - 1;
            bool fallback = false;
            bool haveOrc = _orc.TryFind(lookup, out var orc);
            if ((!haveOrc || (orc.SpReg == OrcEntry.RegUndefined && !orc.End)) && _cfi is not null && _cfi.TryFind(lookup, out var row))
            {
                if (!TryCfiStep(row, sp, bp, regs, out ulong cfiIp, out ulong cfiSp, out ulong? cfiBp, out ulong slot, out string? cfiWhy))
                    return new UnwindResult(frames, null, 0, cfiWhy);
                var cfiStack = _stacks.Find(cfiSp, taskStack, cpu);
                if (cfiStack is not null && cfiStack == stack && cfiSp <= sp)
                    return new UnwindResult(frames, null, 0, $"stack pointer did not grow ({sp:x} -> {cfiSp:x})");
                if (cfiIp < 0xffff800000000000UL)
                    return new UnwindResult(frames, null, 0, cfiIp == 0 ? null : $"return address {cfiIp:x} is not a kernel address");
                frames.Add(new UnwindFrame(cfiIp, slot, cfiSp, cfiStack) { IsReturnAddress = true });
                (ip, sp, bp, regs, signal, stack) = (cfiIp, cfiSp, cfiBp, null, false, cfiStack);
                continue;
            }
            if ((!haveOrc || (orc.SpReg == OrcEntry.RegUndefined && !orc.End)) && _functionStart?.Invoke(lookup) is { } fnStart
                && CallSiteSearch.TryFind(_memory, sp, fnStart, stack, out ulong callerSlot, out ulong callerIp))
            {
                ulong callerSp = callerSlot + 8;
                var callerStack = _stacks.Find(callerSp, taskStack, cpu);
                frames.Add(new UnwindFrame(callerIp, callerSlot, callerSp, callerStack, Fallback: true) { IsReturnAddress = true });
                // RBP is callee-saved and such functions (no frame pointer) leave it alone: carry it.
                (ip, sp, regs, signal, stack) = (callerIp, callerSp, null, false, callerStack);
                continue;
            }
            if (!haveOrc)
            {
                if (bp is null)
                    return new UnwindResult(frames, null, 0, $"no ORC entry for {ip:x} and no frame pointer");
                orc = OrcEntry.FramePointer;
                fallback = true;
            }
            if (orc.SpReg == OrcEntry.RegUndefined)
                return new UnwindResult(frames, null, 0, orc.End ? null : $"ORC entry of {ip:x} has an undefined CFA");

            if (!TryComputeCfa(orc, sp, bp, regs, out ulong cfa, out string? why))
                return new UnwindResult(frames, null, 0, why);

            ulong newIp, newSp;
            ulong stackAddress;
            X86_64Registers? frameRegs = null;
            ulong regsAddress = 0;
            bool partial = false;
            switch (orc.Type)
            {
                case OrcEntry.TypeCall:
                    if (!_memory.TryReadU64(cfa - 8, out newIp))
                        return new UnwindResult(frames, null, 0, $"return address at {cfa - 8:x} is not in the dump");
                    newSp = cfa;
                    stackAddress = cfa - 8;
                    regs = null;
                    signal = false;
                    break;
                case OrcEntry.TypeRegs:
                    if (!_memory.TryReadExactly(cfa, buffer))
                        return new UnwindResult(frames, null, 0, $"pt_regs at {cfa:x} is not in the dump");
                    frameRegs = PtRegs.Decode(buffer);
                    regsAddress = cfa;
                    if (PtRegs.IsUserMode(frameRegs))
                        return new UnwindResult(frames, frameRegs, cfa, null);
                    regs = frameRegs;
                    newIp = frameRegs.Rip;
                    newSp = frameRegs.Rsp;
                    stackAddress = newSp;
                    signal = true;
                    break;
                case OrcEntry.TypeRegsPartial:
                    if (!_memory.TryReadExactly(cfa, buffer[..PtRegs.IretFrameSize]))
                        return new UnwindResult(frames, null, 0, $"iret frame at {cfa:x} is not in the dump");
                    frameRegs = PtRegs.DecodeIretFrame(buffer);
                    regsAddress = cfa;
                    partial = true;
                    if (PtRegs.IsUserMode(frameRegs))
                        return new UnwindResult(frames, frameRegs, cfa, null);
                    // Only the iret words are valid; other registers keep their values (unwind_orc.c:
                    // full_regs = false).
                    regs = null;
                    newIp = frameRegs.Rip;
                    newSp = frameRegs.Rsp;
                    stackAddress = newSp;
                    signal = true;
                    break;
                default:
                    return new UnwindResult(frames, null, 0, $"ORC entry of {ip:x} has unknown type {orc.Type}");
            }

            // Recover BP (unwind_orc.c "Find BP").
            switch (orc.BpReg)
            {
                case OrcEntry.RegUndefined:
                    if (orc.Type == OrcEntry.TypeRegs && frameRegs is not null)
                        bp = frameRegs.Rbp;
                    break;
                case OrcEntry.RegPrevSp:
                    bp = _memory.TryReadU64(unchecked(cfa + (ulong)(long)orc.BpOffset), out ulong savedBp) ? savedBp : null;
                    break;
                case OrcEntry.RegBp:
                    bp = bp is { } b && _memory.TryReadU64(unchecked(b + (ulong)(long)orc.BpOffset), out ulong savedBp2) ? savedBp2 : null;
                    break;
                default:
                    bp = null;
                    break;
            }

            var newStack = _stacks.Find(newSp, taskStack, cpu);
            // The kernel's guard against bad ORC data: on the same stack the SP must grow.
            if (newStack is not null && newStack == stack && newSp <= sp)
                return new UnwindResult(frames, null, 0, $"stack pointer did not grow ({sp:x} -> {newSp:x})");
            if (newIp == 0)
                return new UnwindResult(frames, null, 0, null);
            if (newIp < 0xffff800000000000UL)
                return new UnwindResult(frames, null, 0, $"return address {newIp:x} is not a kernel address");
            frames.Add(new UnwindFrame(newIp, stackAddress, newSp, newStack, frameRegs, regsAddress, partial, fallback) { IsReturnAddress = orc.Type == OrcEntry.TypeCall });
            ip = newIp;
            sp = newSp;
            stack = newStack;
        }
    }

    // One step with DWARF CFI (DwarfCfiTable): a call frame whose CFA is RSP/RBP + offset.
    private bool TryCfiStep(CfiRow row, ulong sp, ulong? bp, X86_64Registers? regs, out ulong ip, out ulong newSp, out ulong? newBp, out ulong slot, out string? why)
    {
        ip = newSp = slot = 0;
        newBp = bp;
        why = null;
        ulong baseValue;
        if (row.CfaRegister == CfiRow.Rsp)
            baseValue = sp;
        else if (row.CfaRegister == CfiRow.Rbp && bp is { } b)
            baseValue = b;
        else
        {
            why = $"CFI CFA register {row.CfaRegister} is not tracked";
            return false;
        }
        ulong cfa = unchecked(baseValue + (ulong)row.CfaOffset);
        if (row.ReturnAddressOffset is not { } raOff)
        {
            why = "CFI has no return-address rule";
            return false;
        }
        slot = unchecked(cfa + (ulong)raOff);
        if (!_memory.TryReadU64(slot, out ip))
        {
            why = $"return address at {slot:x} is not in the dump";
            return false;
        }
        if (row.BpOffset is { } bpOff)
            newBp = _memory.TryReadU64(unchecked(cfa + (ulong)bpOff), out ulong saved) ? saved : null;
        newSp = cfa;
        _ = regs;
        return true;
    }

    private bool TryComputeCfa(OrcEntry orc, ulong sp, ulong? bp, X86_64Registers? regs, out ulong cfa, out string? why)
    {
        why = null;
        cfa = 0;
        ulong off = unchecked((ulong)(long)orc.SpOffset);
        switch (orc.SpReg)
        {
            case OrcEntry.RegSp:
                cfa = unchecked(sp + off);
                return true;
            case OrcEntry.RegBp:
                if (bp is not { } b) { why = "CFA needs BP, which is unknown"; return false; }
                cfa = unchecked(b + off);
                return true;
            case OrcEntry.RegSpIndirect:
                if (!_memory.TryReadU64(sp, out ulong inner)) { why = $"indirect SP at {sp:x} is not in the dump"; return false; }
                cfa = unchecked(inner + off);
                return true;
            case OrcEntry.RegBpIndirect:
                if (bp is not { } b2 || !_memory.TryReadU64(unchecked(b2 + off), out ulong viaBp)) { why = "indirect BP is unknown or not in the dump"; return false; }
                cfa = viaBp;
                return true;
            case OrcEntry.RegR10 or OrcEntry.RegR13 or OrcEntry.RegDi or OrcEntry.RegDx:
                if (regs is null) { why = $"CFA needs register {orc.SpReg}, not saved in this frame"; return false; }
                ulong baseValue = orc.SpReg switch
                {
                    OrcEntry.RegR10 => regs.R10,
                    OrcEntry.RegR13 => regs.R13,
                    OrcEntry.RegDi => regs.Rdi,
                    _ => regs.Rdx,
                };
                cfa = unchecked(baseValue + off);
                return true;
            default:
                why = $"unknown ORC sp_reg {orc.SpReg}";
                return false;
        }
    }
}
