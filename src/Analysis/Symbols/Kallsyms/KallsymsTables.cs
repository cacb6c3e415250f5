using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Symbols.Kallsyms;

/// <summary>
/// Where the kernel's compressed symbol tables live in memory, as VMCOREINFO exports them
/// (kernel/crash_core.c, `VMCOREINFO_SYMBOL(kallsyms_names)` etc., added for 6.0+ kernels so that
/// tools can read symbols without a debug kernel). Either <see cref="Offsets"/> with
/// <see cref="RelativeBase"/> (CONFIG_KALLSYMS_BASE_RELATIVE) or <see cref="Addresses"/> is set.
/// </summary>
/// <param name="Names">`kallsyms_names`: length-prefixed token strings.</param>
/// <param name="NumSyms">`kallsyms_num_syms`: address of the symbol count.</param>
/// <param name="TokenTable">`kallsyms_token_table`: 256 NUL-terminated tokens.</param>
/// <param name="TokenIndex">`kallsyms_token_index`: 256 u16 offsets into the token table.</param>
/// <param name="Offsets">`kallsyms_offsets` (s32 per symbol), 0 when absent.</param>
/// <param name="RelativeBase">`kallsyms_relative_base` (address of the u64 base), 0 when absent.</param>
/// <param name="Addresses">`kallsyms_addresses` (u64 per symbol, kernels without base-relative tables), 0 when absent.</param>
public sealed record KallsymsTables(ulong Names, ulong NumSyms, ulong TokenTable, ulong TokenIndex, ulong Offsets, ulong RelativeBase, ulong Addresses)
{
    /// <summary>True when the tables use 32-bit offsets from a base (every x86_64 kernel since 4.6).</summary>
    public bool IsBaseRelative => Offsets != 0 && RelativeBase != 0;

    /// <summary>Reads the table addresses from VMCOREINFO; false when the kernel does not export them (before 6.0).</summary>
    public static bool TryFrom(VmcoreInfo info, out KallsymsTables tables)
    {
        tables = null!;
        if (info.Symbol("kallsyms_names") is not { } names || info.Symbol("kallsyms_num_syms") is not { } num
            || info.Symbol("kallsyms_token_table") is not { } table || info.Symbol("kallsyms_token_index") is not { } index)
            return false;
        ulong offsets = info.Symbol("kallsyms_offsets") ?? 0, relativeBase = info.Symbol("kallsyms_relative_base") ?? 0;
        ulong addresses = info.Symbol("kallsyms_addresses") ?? 0;
        if ((offsets == 0 || relativeBase == 0) && addresses == 0)
            return false;
        tables = new KallsymsTables(names, num, table, index, offsets, relativeBase, addresses);
        return true;
    }
}
