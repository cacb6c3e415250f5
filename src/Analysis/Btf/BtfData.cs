using System.Buffers.Binary;
using System.Text;

namespace Crashdesk.Analysis.Btf;

/// <summary>
/// A parsed and validated BTF blob (Documentation/bpf/btf.rst, include/uapi/linux/btf.h): the
/// header, the offset of every `struct btf_type` record (type id = index, id 0 is void) and the
/// string section. Every record and every string offset is checked at load, so later lookups only
/// need the type-id range check.
/// </summary>
internal sealed class BtfData
{
    private const ushort Magic = 0xeB9F;
    private const int TypeHeaderSize = 12; // name_off, info, size/type
    private readonly byte[] _blob;
    private readonly int _typesStart;
    private readonly int _stringsStart;
    private readonly int _stringsLength;
    private readonly int[] _offsets; // id -> offset of its btf_type in _blob (index 0 unused)

    private BtfData(byte[] blob, int typesStart, int stringsStart, int stringsLength, int[] offsets, string origin)
    {
        _blob = blob;
        _typesStart = typesStart;
        _stringsStart = stringsStart;
        _stringsLength = stringsLength;
        _offsets = offsets;
        Origin = origin;
    }

    /// <summary>Where the blob came from, for messages.</summary>
    public string Origin { get; }

    /// <summary>Number of type ids including void (id 0).</summary>
    public int Count => _offsets.Length;

    /// <summary>True when the bytes start with the BTF magic (a cheap probe).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> blob) => blob.Length >= 2 && BinaryPrimitives.ReadUInt16LittleEndian(blob) == Magic;

    /// <summary>Parses a blob; a bad header or record is a <see cref="DumpFormatException"/> naming the offset.</summary>
    public static BtfData Parse(byte[] blob, string origin, AnalysisLimits limits)
    {
        // struct btf_header: magic u16, version u8, flags u8, hdr_len u32, type_off, type_len,
        // str_off, str_len (u32 each; offsets relative to the end of the header).
        if (blob.Length < 24)
            throw new DumpFormatException($"{origin}: BTF blob of {blob.Length} bytes is shorter than its header (24)");
        var span = blob.AsSpan();
        if (BinaryPrimitives.ReadUInt16LittleEndian(span) != Magic)
            throw new DumpFormatException($"{origin}: BTF magic 0x{BinaryPrimitives.ReadUInt16LittleEndian(span):x4} at offset 0 is not 0xeb9f (big-endian BTF is not supported)");
        if (span[2] != 1)
            throw new NotSupportedException($"{origin}: BTF version {span[2]} (only version 1 exists)");
        uint hdrLen = U32(span, 4), typeOff = U32(span, 8), typeLen = U32(span, 12), strOff = U32(span, 16), strLen = U32(span, 20);
        if (hdrLen < 24 || hdrLen > blob.Length)
            throw new DumpFormatException($"{origin}: BTF hdr_len {hdrLen} at offset 4 is outside 24..{blob.Length}");
        long typesStart = hdrLen + (long)typeOff, typesEnd = typesStart + typeLen;
        long stringsStart = hdrLen + (long)strOff, stringsEnd = stringsStart + strLen;
        if (typesEnd > blob.Length || stringsEnd > blob.Length || typeLen % 4 != 0)
            throw new DumpFormatException($"{origin}: BTF type section [{typesStart}, {typesEnd}) or string section [{stringsStart}, {stringsEnd}) is outside the {blob.Length}-byte blob");
        if (strLen == 0 || blob[(int)stringsEnd - 1] != 0 || blob[(int)stringsStart] != 0)
            throw new DumpFormatException($"{origin}: BTF string section at {stringsStart} must start and end with NUL");
        var offsets = new List<int> { -1 };
        long at = typesStart;
        while (at < typesEnd)
        {
            if (offsets.Count > limits.MaxBtfTypes)
                throw new DumpFormatException($"{origin}: more than {limits.MaxBtfTypes} BTF types");
            if (at + TypeHeaderSize > typesEnd)
                throw new DumpFormatException($"{origin}: BTF type {offsets.Count} at offset {at} is cut off by the end of the type section ({typesEnd})");
            uint nameOff = U32(span, (int)at), info = U32(span, (int)at + 4);
            if (nameOff >= strLen)
                throw new DumpFormatException($"{origin}: BTF type {offsets.Count} at offset {at}: name_off {nameOff} is outside the string section ({strLen})");
            long length = TypeHeaderSize + TrailerLength(span, (int)at, info, origin, offsets.Count, limits);
            if (at + length > typesEnd)
                throw new DumpFormatException($"{origin}: BTF type {offsets.Count} at offset {at} ({length} bytes) runs past the type section ({typesEnd})");
            offsets.Add((int)at);
            at += length;
        }
        return new BtfData(blob, (int)typesStart, (int)stringsStart, (int)strLen, offsets.ToArray(), origin);
    }

    private static long TrailerLength(ReadOnlySpan<byte> span, int at, uint info, string origin, int id, AnalysisLimits limits)
    {
        int vlen = (int)(info & 0xffff);
        var kind = (BtfKind)((info >> 24) & 0x1f);
        if (vlen > limits.MaxTypeMembers)
            throw new DumpFormatException($"{origin}: BTF type {id} at offset {at}: vlen {vlen} exceeds {limits.MaxTypeMembers}");
        return kind switch
        {
            BtfKind.Int => 4,
            BtfKind.Ptr or BtfKind.Fwd or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict
                or BtfKind.Func or BtfKind.Float or BtfKind.TypeTag => 0,
            BtfKind.Array => 12,
            BtfKind.Struct or BtfKind.Union => 12L * vlen,
            BtfKind.Enum => 8L * vlen,
            BtfKind.Enum64 => 12L * vlen,
            BtfKind.FuncProto => 8L * vlen,
            BtfKind.Var => 4,
            BtfKind.DataSec => 12L * vlen,
            BtfKind.DeclTag => 4,
            _ => throw new DumpFormatException($"{origin}: BTF type {id} at offset {at} has unknown kind {(int)kind} (info 0x{info:x8})"),
        };
    }

    /// <summary>The record of a type id (12-byte header plus its trailer).</summary>
    public BtfRecord Record(uint id)
    {
        if (id == 0 || id >= (uint)_offsets.Length)
            throw new DumpFormatException($"{Origin}: BTF type id {id} is outside 1..{_offsets.Length - 1}");
        return new BtfRecord(_blob, _offsets[id]);
    }

    /// <summary>A string by its offset in the string section; offsets were range-checked only for names, so check again.</summary>
    public string String(uint offset)
    {
        if (offset >= (uint)_stringsLength)
            throw new DumpFormatException($"{Origin}: BTF string offset {offset} is outside the string section ({_stringsLength})");
        var rest = _blob.AsSpan(_stringsStart + (int)offset, _stringsLength - (int)offset);
        int end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(rest[..end]); // the section ends with NUL (checked at load)
    }

    private static uint U32(ReadOnlySpan<byte> span, int at) => BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);

    internal int TypesStart => _typesStart;
}
