using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace Crashdesk.Analysis.Profiles;

/// <summary>CRC-32C (Castagnoli), with the SSE4.2 instruction where available (the BCL has no CRC type; System.IO.Hashing is a package).</summary>
internal static class Crc32C
{
    private static readonly uint[] _table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xffffffff;
        if (Sse42.X64.IsSupported)
        {
            ulong c = crc;
            while (data.Length >= 8)
            {
                c = Sse42.X64.Crc32(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
            crc = (uint)c;
            foreach (byte b in data)
                crc = Sse42.Crc32(crc, b);
            return ~crc;
        }
        foreach (byte b in data)
            crc = _table[(crc ^ b) & 0xff] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0x82F63B78 ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }
}
