using System.Buffers.Binary;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// One ORC table (vmlinux or one module) at run-time addresses: instruction addresses sorted
/// ascending with their entries. Lookup is the kernel's `__orc_find` (arch/x86/kernel/unwind_orc.c):
/// the last entry whose address is at or below the instruction pointer. The entries are decoded
/// into arrays (<see cref="Create"/>) or searched where they lie in dump memory (<see cref="FromMemory"/>).
/// </summary>
public sealed class OrcTable
{
    private readonly ulong[] _ips;
    private readonly OrcEntry[] _entries;
    private readonly OrcMemoryTable? _inMemory;

    private OrcTable(ulong[] ips, OrcEntry[] entries, ulong start, ulong end, string owner)
    {
        _ips = ips;
        _entries = entries;
        Start = start;
        End = end;
        Owner = owner;
    }

    private OrcTable(OrcMemoryTable inMemory, ulong start, ulong end, string owner)
        : this([], [], start, end, owner)
    {
        _inMemory = inMemory;
    }

    /// <summary>Lowest address covered (inclusive).</summary>
    public ulong Start { get; }

    /// <summary>End of the covered text (exclusive).</summary>
    public ulong End { get; }

    /// <summary>"vmlinux" or the module name.</summary>
    public string Owner { get; }

    /// <summary>Number of entries.</summary>
    public int Count => _inMemory?.Count ?? _ips.Length;

    /// <summary>
    /// Builds a table from `.orc_unwind_ip` bytes (one s32 per entry, relative to that s32's own
    /// address: `ip = &amp;orc_ip[i] + orc_ip[i]`) and `.orc_unwind` bytes (6 per entry).
    /// </summary>
    /// <param name="ipTableAddress">Run-time address of the first `.orc_unwind_ip` word.</param>
    /// <param name="ipBytes">The `.orc_unwind_ip` contents.</param>
    /// <param name="entryBytes">The `.orc_unwind` contents.</param>
    /// <param name="textEnd">End of the text the table covers (exclusive); 0 = after the last entry.</param>
    /// <param name="owner">Name for diagnostics.</param>
    public static OrcTable Create(ulong ipTableAddress, ReadOnlySpan<byte> ipBytes, ReadOnlySpan<byte> entryBytes, ulong textEnd, string owner)
    {
        int count = ipBytes.Length / 4;
        if (entryBytes.Length / OrcEntry.Size < count)
            throw new DumpFormatException($"ORC table of {owner}: {count} instruction addresses but only {entryBytes.Length / OrcEntry.Size} entries");
        var ips = new ulong[count];
        var entries = new OrcEntry[count];
        bool sorted = true;
        for (int i = 0; i < count; i++)
        {
            int rel = BinaryPrimitives.ReadInt32LittleEndian(ipBytes[(i * 4)..]);
            ips[i] = unchecked(ipTableAddress + (ulong)(i * 4) + (ulong)(long)rel);
            entries[i] = OrcEntry.Decode(entryBytes.Slice(i * OrcEntry.Size, OrcEntry.Size));
            if (i > 0 && ips[i] < ips[i - 1])
                sorted = false;
        }
        // The kernel sorts both arrays at build time (scripts/sorttable) or at module load
        // (unwind_module_init → sort()); a table read from a dump must not be trusted to be sorted.
        if (!sorted)
            Array.Sort(ips, entries);
        ulong start = count > 0 ? ips[0] : 0;
        ulong end = textEnd != 0 ? textEnd : count > 0 ? ips[^1] + 1 : 0;
        return new OrcTable(ips, entries, start, end, owner);
    }

    /// <summary>
    /// vmlinux's table left in dump memory: <paramref name="count"/> entries of `.orc_unwind_ip` at
    /// <paramref name="ipTableAddress"/> and `.orc_unwind` at <paramref name="entryTableAddress"/>,
    /// read per lookup (a backtrace needs a few hundred of the table's entries, not its megabytes).
    /// The kernel's `orc_lookup[]` (<paramref name="lookupAddress"/>, <paramref name="lookupBlocks"/>
    /// words over [<paramref name="textStart"/>, <paramref name="textEnd"/>)) narrows each search
    /// when given. Null when the first or last entry is not in the dump.
    /// </summary>
    public static OrcTable? FromMemory(IMemoryReader memory, ulong ipTableAddress, ulong entryTableAddress, int count, ulong textEnd, string owner,
        ulong lookupAddress = 0, int lookupBlocks = 0, ulong textStart = 0)
    {
        var lookup = lookupAddress != 0 && lookupBlocks > 1 && textStart != 0 && textEnd > textStart
            ? new OrcMemoryTable.OrcLookupTable(memory, lookupAddress, lookupBlocks, textStart, textEnd)
            : null;
        var table = new OrcMemoryTable(memory, ipTableAddress, entryTableAddress, count, lookup);
        if (count == 0 || table.IpAt(0) is not { } first || table.IpAt(count - 1) is not { } lastIp)
            return null;
        return new OrcTable(table, first, textEnd != 0 ? textEnd : lastIp + 1, owner);
    }

    /// <summary>The entry covering <paramref name="ip"/>, if the table covers it.</summary>
    public bool TryFind(ulong ip, out OrcEntry entry)
    {
        entry = default;
        if (_inMemory is not null)
            return ip >= Start && ip < End && _inMemory.TryFind(ip, out entry);
        if (ip < Start || ip >= End || _ips.Length == 0)
            return false;
        int i = Array.BinarySearch(_ips, ip);
        if (i < 0)
            i = ~i - 1;
        else
            // Several entries can share an address (a hint after a terminator): the kernel's
            // binary search returns the last one.
            while (i + 1 < _ips.Length && _ips[i + 1] == ip)
                i++;
        if (i < 0)
            return false;
        entry = _entries[i];
        return true;
    }
}
