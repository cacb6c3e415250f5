using System.Buffers.Binary;

namespace Crashdesk.Analysis.IO;

/// <summary>Typed little/big-endian reads over an <see cref="IByteSource"/>; all return false at end of data.</summary>
public static class ByteSourceExtensions
{
    /// <summary>Reads exactly destination.Length bytes; false if the source ends first.</summary>
    public static bool TryReadExactly(this IByteSource source, long offset, Span<byte> destination) =>
        offset >= 0 && source.Read(offset, destination) == destination.Length;

    /// <summary>Reads exactly destination.Length bytes or throws a <see cref="DumpFormatException"/> naming what was being read.</summary>
    public static void ReadExactly(this IByteSource source, long offset, Span<byte> destination, string what)
    {
        if (!source.TryReadExactly(offset, destination))
            throw new DumpFormatException(
                $"{source.Name}: {what} ({destination.Length} bytes at file offset 0x{offset:x}) lies beyond the end of the file (length {source.Length})")
            { Field = what, Offset = offset };
    }

    /// <summary>Reads a little-endian 64-bit value, or null at end of data.</summary>
    public static ulong? TryReadUInt64(this IByteSource source, long offset)
    {
        Span<byte> b = stackalloc byte[8];
        return source.TryReadExactly(offset, b) ? BinaryPrimitives.ReadUInt64LittleEndian(b) : null;
    }

    /// <summary>Reads a big-endian 64-bit value (flattened format headers), or null at end of data.</summary>
    public static long? TryReadInt64BigEndian(this IByteSource source, long offset)
    {
        Span<byte> b = stackalloc byte[8];
        return source.TryReadExactly(offset, b) ? BinaryPrimitives.ReadInt64BigEndian(b) : null;
    }
}
