namespace Crashdesk.Analysis.Profiles;

/// <summary>
/// The x86_64 ORC unwind tables copied out of a vmlinux, so an unwinder needs no vmlinux
/// (kernel `arch/x86/include/asm/orc_types.h`, `arch/x86/kernel/unwind_orc.c`).
/// <see cref="UnwindIp"/> holds one s32 per entry, relative to the entry's own address
/// (`__start_orc_unwind_ip + 4 * i`); <see cref="Unwind"/> one 6-byte `struct orc_entry` per entry
/// (sp_offset s16, bp_offset s16, then sp_reg:4 bp_reg:4 type:2 end:1 (signal) bits).
/// `.orc_lookup` is NOBITS in vmlinux (filled at boot), so <see cref="Lookup"/> is usually empty.
/// </summary>
/// <param name="UnwindIpAddress">Link-time address of `.orc_unwind_ip` (`__start_orc_unwind_ip`).</param>
/// <param name="UnwindIp">Contents of `.orc_unwind_ip`.</param>
/// <param name="UnwindAddress">Link-time address of `.orc_unwind`.</param>
/// <param name="Unwind">Contents of `.orc_unwind`.</param>
/// <param name="LookupAddress">Link-time address of `.orc_lookup`.</param>
/// <param name="Lookup">Contents of `.orc_lookup` (empty when NOBITS).</param>
public sealed record OrcTables(ulong UnwindIpAddress, ReadOnlyMemory<byte> UnwindIp, ulong UnwindAddress, ReadOnlyMemory<byte> Unwind, ulong LookupAddress, ReadOnlyMemory<byte> Lookup)
{
    /// <summary>Number of ORC entries.</summary>
    public int Count => UnwindIp.Length / 4;

    /// <summary>Link-time instruction address of entry <paramref name="index"/>.</summary>
    public ulong InstructionAddress(int index)
    {
        int rel = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(UnwindIp.Span[(index * 4)..]);
        return unchecked(UnwindIpAddress + (ulong)(index * 4) + (ulong)(long)rel);
    }
}
