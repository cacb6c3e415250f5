using System.Buffers.Binary;

namespace Crashdesk.Analysis.Btf;

/// <summary>One `struct btf_type` and its trailing data, bounds already validated by <see cref="BtfData"/>.</summary>
internal readonly struct BtfRecord(byte[] blob, int offset)
{
    /// <summary>Offset of the record in the blob (for messages).</summary>
    public int Offset => offset;

    public uint NameOffset => U32(0);

    public uint Info => U32(4);

    /// <summary>`size` for int/struct/union/enum/float/datasec, `type` for the others.</summary>
    public uint SizeOrType => U32(8);

    public BtfKind Kind => (BtfKind)((Info >> 24) & 0x1f);

    public int VLen => (int)(Info & 0xffff);

    public bool KindFlag => (Info & 0x8000_0000) != 0;

    /// <summary>The n-th u32 of the trailer.</summary>
    public uint Trailer(int index) => U32(12 + index * 4);

    private uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(offset + at));
}
