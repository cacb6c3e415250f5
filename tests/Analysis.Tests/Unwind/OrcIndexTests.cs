using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Unwind;

namespace Crashdesk.Analysis.Tests.Unwind;

/// <summary>
/// The ORC index on its own, below the backtrace tests (which check whole stacks against crash and drgn): the
/// entry layout of arch/x86/include/asm/orc_types.h at v6.1, and what objtool writes at a function's first
/// instruction. objtool starts every function from the CFI state "CFA = RSP + 8, return address at CFA − 8"
/// (tools/objtool/arch/x86/decode.c, arch_initial_func_cfi_state), so the ORC entry that covers a C function's
/// entry address is sp_reg = SP, sp_offset = 8, type = CALL, whatever the function does after.
/// </summary>
public sealed class OrcIndexTests
{
    [Fact]
    public void An_entry_decodes_as_orc_types_h_packs_it()
    {
        // sp_offset 8, bp_offset -16, then the little-endian bitfield word: sp_reg (bits 0-3) = SP (5),
        // bp_reg (4-7) = BP (4), type (8-9) = REGS (1), end (10) = 1.
        ushort bits = 5 | (4 << 4) | (1 << 8) | (1 << 10);
        byte[] raw = [8, 0, 0xF0, 0xFF, (byte)bits, (byte)(bits >> 8)];

        var entry = OrcEntry.Decode(raw);

        Assert.Equal(new OrcEntry(8, -16, OrcEntry.RegSp, OrcEntry.RegBp, OrcEntry.TypeRegs, End: true), entry);
    }

    [Theory]
    [InlineData("schedule")]
    [InlineData("sysrq_handle_crash")]
    [InlineData("panic")]
    [InlineData("do_exit")]
    [InlineData("vfs_read")]
    public void Without_a_debug_kernel_the_dumps_own_orc_covers_a_function_entry_with_the_initial_call_frame(string function)
    {
        using var source = new FileByteSource(Support.Fixtures.DumpFile(Path.Combine(Support.Fixtures.Dumps, "debian-6.1-cloud/sysrq-c/kdump-zlib")));
        var context = KernelContextFactory.Create(KernelTarget.Open(source));
        var index = OrcIndexBuilder.Build(context);
        Assert.Equal("kernel memory", index.Origin);
        Assert.True(context.Symbols.TryGetAddress(function, out ulong entryAddress), $"{function} is not in the dump's kallsyms");

        Assert.True(index.TryFind(entryAddress, out var entry), $"no ORC entry covers {function}");

        Assert.Equal(OrcEntry.RegSp, entry.SpReg);
        Assert.Equal(8, entry.SpOffset);
        Assert.Equal(OrcEntry.TypeCall, entry.Type);
        Assert.False(entry.End);
    }
}
