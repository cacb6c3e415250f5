using System.Runtime.CompilerServices;

namespace Crashdesk.Analysis.Binary;

/// <summary>
/// LEB128 decoding (DWARF 5 §7.6), the one decoder for the DWARF readers (<c>DwarfCursor</c>) and
/// the call-frame interpreter (<c>CfiProgram</c>). The Decode methods never throw: they return the
/// bytes consumed, <see cref="Truncated"/> when the number runs past the end of the data, or
/// <see cref="Overflow"/> when an unsigned one does not fit in 64 bits, so each caller reports the
/// failure in its own terms (a DWARF section and offset, or "no usable CFI row").
/// </summary>
internal static class Leb128
{
    /// <summary>Returned by the Decode methods when the encoding runs past the end of the data.</summary>
    public const int Truncated = 0;

    /// <summary>Returned by <see cref="DecodeUnsigned"/> when bits at 2^64 or above are set.</summary>
    public const int Overflow = -1;

    /// <summary>
    /// Decodes an unsigned LEB128 number starting at <paramref name="position"/>. Padding bytes
    /// (0x80 … 0x00, as producers emit for fixed-size fields) are accepted at any length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DecodeUnsigned(ReadOnlySpan<byte> data, int position, out ulong value)
    {
        // One byte (values below 128) is by far the most common: abbreviation codes, forms, registers.
        if ((uint)position < (uint)data.Length && data[position] < 0x80)
        {
            value = data[position];
            return 1;
        }
        return DecodeUnsignedLong(data, position, out value);
    }

    /// <summary>Decodes a signed LEB128 number starting at <paramref name="position"/> (sign-extended from its last byte's bit 6).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int DecodeSigned(ReadOnlySpan<byte> data, int position, out long value)
    {
        int p = position;
        long result = 0;
        int shift = 0;
        byte b;
        do
        {
            if ((uint)p >= (uint)data.Length)
            {
                value = 0;
                return Truncated;
            }
            b = data[p++];
            if (shift < 64)
                result |= (long)(b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0)
            result |= -1L << shift;
        value = result;
        return p - position;
    }

    /// <summary>
    /// Reads an unsigned LEB128 number and advances <paramref name="position"/>; a truncated or
    /// oversized number is an <see cref="ArgumentOutOfRangeException"/>, for readers that treat any
    /// malformed input as "unusable" in one catch.
    /// </summary>
    public static ulong ReadUnsigned(ReadOnlySpan<byte> data, ref int position)
    {
        int n = DecodeUnsigned(data, position, out ulong value);
        if (n <= 0)
            throw new ArgumentOutOfRangeException(nameof(data), n == Truncated ? "LEB128 runs past the end of the data" : "LEB128 value does not fit in 64 bits");
        position += n;
        return value;
    }

    /// <summary>As <see cref="ReadUnsigned"/>, for a signed number.</summary>
    public static long ReadSigned(ReadOnlySpan<byte> data, ref int position)
    {
        int n = DecodeSigned(data, position, out long value);
        if (n <= 0)
            throw new ArgumentOutOfRangeException(nameof(data), "LEB128 runs past the end of the data");
        position += n;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DecodeUnsignedLong(ReadOnlySpan<byte> data, int position, out ulong value)
    {
        int p = position;
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            if ((uint)p >= (uint)data.Length)
            {
                value = 0;
                return Truncated;
            }
            byte b = data[p++];
            if (shift < 64)
                result |= (ulong)(b & 0x7f) << shift;
            else if ((b & 0x7f) != 0)
            {
                value = 0;
                return Overflow;
            }
            if ((b & 0x80) == 0)
            {
                value = result;
                return p - position;
            }
        }
    }
}
