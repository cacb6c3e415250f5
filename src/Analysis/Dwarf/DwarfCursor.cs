using System.Buffers.Binary;
using Crashdesk.Analysis.Binary;

namespace Crashdesk.Analysis.Dwarf;

/// <summary>
/// Forward reader over one DWARF section; every read is bounds-checked and a failure names the
/// section and the offset (the corrupt-DWARF error contract).
/// </summary>
internal ref struct DwarfCursor
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _section;

    public DwarfCursor(ReadOnlySpan<byte> data, string section, int position = 0)
    {
        _data = data;
        _section = section;
        Position = position;
    }

    public int Position;

    public readonly int Length => _data.Length;

    public readonly bool AtEnd => Position >= _data.Length;

    public readonly ReadOnlySpan<byte> Data => _data;

    public readonly DumpFormatException Error(string what, int at) =>
        new($"corrupt DWARF in {_section} at offset 0x{at:x}: {what}");

    public byte U8()
    {
        if ((uint)Position >= (uint)_data.Length)
            throw Error("read past the end of the section", Position);
        return _data[Position++];
    }

    public ushort U16() => (ushort)Fixed(2);

    public uint U32() => (uint)Fixed(4);

    public ulong U64() => Fixed(8);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public ulong Fixed(int size)
    {
        if (Position < 0 || size > _data.Length - Position)
            throw Error($"{size}-byte value runs past the end of the section (0x{_data.Length:x})", Position);
        var s = _data.Slice(Position, size);
        Position += size;
        return size switch
        {
            1 => s[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(s),
            3 => (ulong)(s[0] | s[1] << 8 | s[2] << 16),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(s),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(s),
        };
    }

    /// <summary>An unsigned LEB128 (<see cref="Leb128"/>); a truncated or oversized one is a corrupt-DWARF error.</summary>
    public ulong Uleb()
    {
        int n = Leb128.DecodeUnsigned(_data, Position, out ulong value);
        if (n <= 0)
            throw Error(n == Leb128.Truncated ? "LEB128 runs past the end of the section" : "LEB128 value does not fit in 64 bits", Position);
        Position += n;
        return value;
    }

    /// <summary>A signed LEB128 (<see cref="Leb128"/>); a truncated one is a corrupt-DWARF error.</summary>
    public long Sleb()
    {
        int n = Leb128.DecodeSigned(_data, Position, out long value);
        if (n <= 0)
            throw Error("LEB128 runs past the end of the section", Position);
        Position += n;
        return value;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Skip(ulong count)
    {
        if (count > (ulong)(_data.Length - Position))
            throw Error($"skip of 0x{count:x} bytes runs past the end of the section (0x{_data.Length:x})", Position);
        Position += (int)count;
    }

    /// <summary>Skips a NUL-terminated inline string, returning its start.</summary>
    public int SkipString()
    {
        int start = Position;
        int end = _data[Position..].IndexOf((byte)0);
        if (end < 0)
            throw Error("unterminated inline string", start);
        Position += end + 1;
        return start;
    }
}
