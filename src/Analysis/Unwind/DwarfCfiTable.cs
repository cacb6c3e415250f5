using System.Buffers.Binary;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// DWARF call-frame information from a vmlinux `.debug_frame` (DWARF 5 §6.4: CIEs, FDEs and the
/// DW_CFA_* row program), used where ORC has no defined entry: objtool gives up on a few
/// functions — `__crash_kexec` on 6.1, whose inlined crash_setup_regs does `pushf; pop mem` —
/// and emits an undefined ORC entry for the whole function, while the compiler's CFI is exact
/// (drgn falls back the same way). FDE addresses are link-time: <see cref="Slide"/> is the KASLR
/// offset. Indexed once (FDE ranges sorted), each lookup runs one FDE's program.
/// </summary>
public sealed class DwarfCfiTable
{
    private readonly ReadOnlyMemory<byte> _section;
    private readonly (ulong Start, ulong End, int Offset)[] _fdes;

    private DwarfCfiTable(ReadOnlyMemory<byte> section, (ulong, ulong, int)[] fdes, ulong slide)
    {
        _section = section;
        _fdes = fdes;
        Slide = slide;
    }

    /// <summary>KASLR offset added to every FDE address.</summary>
    public ulong Slide { get; }

    /// <summary>Number of FDEs indexed.</summary>
    public int Count => _fdes.Length;

    /// <summary>Indexes a `.debug_frame` section; malformed entries end the index.</summary>
    public static DwarfCfiTable Create(ReadOnlyMemory<byte> section, ulong slide)
    {
        var s = section.Span;
        var fdes = new List<(ulong, ulong, int)>();
        int pos = 0;
        while (pos + 4 <= s.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(s[pos..]);
            if (length == 0xffffffff || length == 0 || pos + 4 + (long)length > s.Length)
                break; // 64-bit DWARF is not used by the kernel; a zero terminator or overrun ends the section.
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(s[(pos + 4)..]);
            if (id != 0xffffffff && length >= 20)
            {
                ulong start = BinaryPrimitives.ReadUInt64LittleEndian(s[(pos + 8)..]);
                ulong range = BinaryPrimitives.ReadUInt64LittleEndian(s[(pos + 16)..]);
                if (range > 0)
                    fdes.Add((start, start + range, pos));
            }
            pos += 4 + (int)length;
        }
        fdes.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return new DwarfCfiTable(section, fdes.ToArray(), slide);
    }

    /// <summary>The rule for run-time <paramref name="pc"/>, if an FDE covers it and its program is understood.</summary>
    public bool TryFind(ulong pc, out CfiRow row)
    {
        row = null!;
        ulong link = unchecked(pc - Slide);
        int lo = 0, hi = _fdes.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_fdes[mid].Start <= link) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (found < 0 || link >= _fdes[found].End)
            return false;
        try
        {
            return CfiProgram.TryRun(_section.Span, _fdes[found].Offset, link, out row);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            return false; // a truncated program: no rule rather than a wrong one
        }
    }
}
