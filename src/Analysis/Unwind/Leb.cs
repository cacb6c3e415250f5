namespace Crashdesk.Analysis.Unwind;

/// <summary>LEB128 decoding (DWARF 5 §7.6), bounded to 10 bytes.</summary>
internal static class Leb
{
    public static ulong ReadUnsigned(ReadOnlySpan<byte> s, ref int p)
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = s[p++];
            if (shift < 64)
                result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return result;
        }
        throw new ArgumentOutOfRangeException(nameof(s), "LEB128 longer than 10 bytes");
    }

    public static long ReadSigned(ReadOnlySpan<byte> s, ref int p)
    {
        long result = 0;
        int shift = 0;
        byte b;
        do
        {
            if (shift >= 70)
                throw new ArgumentOutOfRangeException(nameof(s), "LEB128 longer than 10 bytes");
            b = s[p++];
            if (shift < 64)
                result |= (long)(b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0)
            result |= -1L << shift;
        return result;
    }
}
