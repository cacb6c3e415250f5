using System.Buffers.Binary;
using System.Text;

namespace Crashdesk.Analysis.Memory;

/// <summary>Typed little-endian reads over any <see cref="IMemoryReader"/> (x86_64 is little-endian).</summary>
public static class MemoryReaderExtensions
{
    /// <summary>True when every byte of <paramref name="destination"/> was read.</summary>
    public static bool TryReadExactly(this IMemoryReader memory, ulong address, Span<byte> destination) =>
        memory.Read(address, destination) == destination.Length;

    /// <summary>Reads every byte or throws <see cref="MemoryNotPresentException"/>.</summary>
    public static void ReadExactly(this IMemoryReader memory, ulong address, Span<byte> destination, string? what = null)
    {
        if (!memory.TryReadExactly(address, destination))
            throw new MemoryNotPresentException(address, destination.Length, what);
    }

    /// <summary>Reads a little-endian u64; false when any byte is not present.</summary>
    public static bool TryReadU64(this IMemoryReader memory, ulong address, out ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        bool ok = memory.TryReadExactly(address, b);
        value = ok ? BinaryPrimitives.ReadUInt64LittleEndian(b) : 0;
        return ok;
    }

    /// <summary>Reads a little-endian u32; false when any byte is not present.</summary>
    public static bool TryReadU32(this IMemoryReader memory, ulong address, out uint value)
    {
        Span<byte> b = stackalloc byte[4];
        bool ok = memory.TryReadExactly(address, b);
        value = ok ? BinaryPrimitives.ReadUInt32LittleEndian(b) : 0;
        return ok;
    }

    /// <summary>Reads a little-endian u16; false when any byte is not present.</summary>
    public static bool TryReadU16(this IMemoryReader memory, ulong address, out ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        bool ok = memory.TryReadExactly(address, b);
        value = ok ? BinaryPrimitives.ReadUInt16LittleEndian(b) : (ushort)0;
        return ok;
    }

    /// <summary>Reads a little-endian u64 or throws <see cref="MemoryNotPresentException"/> naming <paramref name="what"/>.</summary>
    public static ulong ReadU64(this IMemoryReader memory, ulong address, string? what = null) =>
        memory.TryReadU64(address, out ulong v) ? v : throw new MemoryNotPresentException(address, 8, what);

    /// <summary>Reads a little-endian u32 or throws <see cref="MemoryNotPresentException"/> naming <paramref name="what"/>.</summary>
    public static uint ReadU32(this IMemoryReader memory, ulong address, string? what = null) =>
        memory.TryReadU32(address, out uint v) ? v : throw new MemoryNotPresentException(address, 4, what);

    /// <summary>Reads a little-endian u16 or throws <see cref="MemoryNotPresentException"/> naming <paramref name="what"/>.</summary>
    public static ushort ReadU16(this IMemoryReader memory, ulong address, string? what = null) =>
        memory.TryReadU16(address, out ushort v) ? v : throw new MemoryNotPresentException(address, 2, what);

    /// <summary>Reads a byte or throws <see cref="MemoryNotPresentException"/> naming <paramref name="what"/>.</summary>
    public static byte ReadU8(this IMemoryReader memory, ulong address, string? what = null)
    {
        Span<byte> b = stackalloc byte[1];
        memory.ReadExactly(address, b, what);
        return b[0];
    }

    /// <summary>
    /// Reads a NUL-terminated string of at most <paramref name="maxLength"/> bytes (Latin-1, so
    /// every byte maps to one char). Stops at the first missing byte; null when none could be read.
    /// </summary>
    public static string? ReadCString(this IMemoryReader memory, ulong address, int maxLength = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        byte[] buffer = new byte[maxLength];
        int n = memory.Read(address, buffer);
        if (n == 0 && maxLength > 0)
            return null;
        int end = Array.IndexOf(buffer, (byte)0, 0, n);
        return Encoding.Latin1.GetString(buffer, 0, end < 0 ? n : end);
    }
}
