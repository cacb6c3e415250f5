using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// vmlinux's ORC table searched where it lies in dump memory instead of copied out whole: a backtrace
/// needs the entries of a few hundred instruction addresses, while the table (`.orc_unwind_ip` and
/// `.orc_unwind`, 10 bytes per entry) holds every instruction boundary of the kernel, a few MB.
/// The search is the kernel's own `orc_find()` (arch/x86/kernel/unwind_orc.c, v6.1): for text
/// in [_stext, _etext) the boot-time `orc_lookup[]` table gives the slice of entries of the
/// 256-byte block (LOOKUP_BLOCK_ORDER 8), so one lookup touches a page of each table; elsewhere,
/// or when the lookup table is absent or implausible, a binary search over the whole table.
/// The search trusts the order: vmlinux's tables are sorted at build time (scripts/sorttable.h
/// orc_sort(), kernel commit 57fa18994285, v5.6), and a corrupt table can only give a wrong entry
/// (the unwinder validates every frame), never an unbounded search.
/// </summary>
internal sealed class OrcMemoryTable
{
    private const int LookupBlockOrder = 8;
    private readonly IMemoryReader _memory;
    private readonly ulong _ipTable;
    private readonly ulong _unwindTable;
    private readonly OrcLookupTable? _lookup;

    public OrcMemoryTable(IMemoryReader memory, ulong ipTable, ulong unwindTable, int count, OrcLookupTable? lookup)
    {
        _memory = memory;
        _ipTable = ipTable;
        _unwindTable = unwindTable;
        _lookup = lookup;
        Count = count;
    }

    public int Count { get; }

    /// <summary>The instruction address of entry <paramref name="index"/> (`ip = &amp;orc_ip[i] + orc_ip[i]`), or null when not in the dump.</summary>
    public ulong? IpAt(int index)
    {
        ulong at = _ipTable + (ulong)index * 4;
        return _memory.TryReadU32(at, out uint rel) ? unchecked(at + (ulong)(long)(int)rel) : null;
    }

    /// <summary>`__orc_find()`: the last entry whose address is at or below <paramref name="ip"/>; false when none or unreadable.</summary>
    public bool TryFind(ulong ip, out OrcEntry entry)
    {
        entry = default;
        var (first, last) = _lookup?.Slice(ip, Count) ?? (0, Count - 1);
        int found = -1;
        while (first <= last)
        {
            int mid = first + (last - first) / 2;
            if (IpAt(mid) is not { } midIp)
                return false;
            if (midIp <= ip)
            {
                found = mid;
                first = mid + 1;
            }
            else
                last = mid - 1;
        }
        if (found < 0)
            return false;
        Span<byte> bytes = stackalloc byte[OrcEntry.Size];
        if (!_memory.TryReadExactly(_unwindTable + (ulong)found * OrcEntry.Size, bytes))
            return false;
        entry = OrcEntry.Decode(bytes);
        return true;
    }

    /// <summary>The kernel's `orc_lookup[]` (filled by unwind_init() at boot) over [_stext, _etext).</summary>
    internal sealed class OrcLookupTable(IMemoryReader memory, ulong address, int blocks, ulong textStart, ulong textEnd)
    {
        /// <summary>
        /// Entries [start, stop] to search for <paramref name="ip"/>: `orc_lookup[idx]` to
        /// `orc_lookup[idx + 1]` (inclusive) as orc_find() does; null outside the covered text or
        /// when the words are unreadable or out of range (then the whole table is searched).
        /// </summary>
        public (int First, int Last)? Slice(ulong ip, int count)
        {
            if (ip < textStart || ip >= textEnd)
                return null;
            ulong index = (ip - textStart) >> LookupBlockOrder;
            if (index + 1 >= (ulong)blocks)
                return null;
            if (!memory.TryReadU32(address + index * 4, out uint start) || !memory.TryReadU32(address + (index + 1) * 4, out uint stop))
                return null;
            if (start > stop || stop >= (uint)count)
                return null;
            return ((int)start, (int)stop);
        }
    }
}
