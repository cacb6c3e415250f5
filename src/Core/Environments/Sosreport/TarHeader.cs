using System.Buffers.Binary;
using System.Text;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// The fields of one 512-byte tar header block (POSIX.1-2001 pax(1) "ustar Interchange Format", with
/// the GNU extensions GNU tar documents in "Basic Tar Format": base-256 numbers, the old sparse header).
/// </summary>
internal static class TarHeader
{
    public const int NameOffset = 0, NameLength = 100;
    public const int SizeOffset = 124, SizeLength = 12;
    public const int ChecksumOffset = 148, ChecksumLength = 8;
    public const int TypeOffset = 156;
    public const int LinkNameOffset = 157, LinkNameLength = 100;
    public const int MagicOffset = 257;
    public const int PrefixOffset = 345, PrefixLength = 155;
    /// <summary>GNU old sparse header: "isextended" flag and the file's real size (GNU tar manual, "Old GNU Format").</summary>
    public const int GnuIsExtendedOffset = 482, GnuRealSizeOffset = 483, GnuRealSizeLength = 12;
    /// <summary>In a GNU sparse extension block: the "isextended" flag after 21 sparse entries of 24 bytes.</summary>
    public const int GnuExtensionIsExtendedOffset = 504;

    /// <summary>
    /// True when the stored checksum matches the block: the sum of all bytes with the checksum field
    /// read as eight spaces, as unsigned bytes (POSIX) or signed bytes (historic Sun tar; GNU tar accepts both).
    /// </summary>
    public static bool ChecksumMatches(ReadOnlySpan<byte> block)
    {
        long stored = ParseOctal(block.Slice(ChecksumOffset, ChecksumLength)) ?? -1;
        if (stored < 0)
            return false;
        long unsignedSum = 0, signedSum = 0;
        for (int i = 0; i < block.Length; i++)
        {
            byte b = i is >= ChecksumOffset and < ChecksumOffset + ChecksumLength ? (byte)' ' : block[i];
            unsignedSum += b;
            signedSum += unchecked((sbyte)b);
        }
        return stored == unsignedSum || stored == signedSum;
    }

    public static bool IsZero(ReadOnlySpan<byte> block) => !block.ContainsAnyExcept((byte)0);

    /// <summary>
    /// A numeric field: octal digits (leading spaces or NULs allowed, ended by a space or NUL), or GNU's
    /// base-256 (first byte 0x80, the rest big-endian) used for sizes of 8 GiB and more. Null when the
    /// field is neither, negative, or beyond a long.
    /// </summary>
    public static long? ParseNumber(ReadOnlySpan<byte> field)
    {
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            if (field[0] != 0x80)
                return null; // 0xFF: a negative base-256 number (GNU), not a size
            var rest = field[1..];
            int leading = rest.IndexOfAnyExcept((byte)0);
            if (leading < 0)
                return 0;
            rest = rest[leading..];
            if (rest.Length > 8 || (rest.Length == 8 && (rest[0] & 0x80) != 0))
                return null;
            Span<byte> eight = stackalloc byte[8];
            eight.Clear();
            rest.CopyTo(eight[(8 - rest.Length)..]);
            return BinaryPrimitives.ReadInt64BigEndian(eight);
        }
        return ParseOctal(field);
    }

    private static long? ParseOctal(ReadOnlySpan<byte> field)
    {
        int i = 0;
        while (i < field.Length && field[i] is (byte)' ' or 0)
            i++;
        long value = 0;
        int digits = 0;
        for (; i < field.Length && field[i] is >= (byte)'0' and <= (byte)'7'; i++, digits++)
        {
            if (value > (long.MaxValue >> 3))
                return null;
            value = (value << 3) | (long)(field[i] - '0');
        }
        // After the digits only a terminator may follow (a space or NUL, GNU tar pads with either).
        for (; i < field.Length; i++)
            if (field[i] is not ((byte)' ' or 0))
                return null;
        return value;
    }

    /// <summary>A NUL-terminated text field, decoded as UTF-8 (invalid bytes become U+FFFD: the name stays visible, never matches a real path).</summary>
    public static string ReadString(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    /// <summary>POSIX ustar: magic "ustar\0", version "00"; the prefix field holds the path's leading part.</summary>
    public static bool IsPosixUstar(ReadOnlySpan<byte> block) => block.Slice(MagicOffset, 6).SequenceEqual("ustar\0"u8);

    /// <summary>GNU: magic "ustar " and version " \0"; the prefix area holds times and the sparse map instead.</summary>
    public static bool IsGnu(ReadOnlySpan<byte> block) => block.Slice(MagicOffset, 8).SequenceEqual("ustar  \0"u8);

    /// <summary>The member's path from the header alone: POSIX prefix + "/" + name, or the name.</summary>
    public static string ReadPath(ReadOnlySpan<byte> block)
    {
        string name = ReadString(block.Slice(NameOffset, NameLength));
        if (IsPosixUstar(block))
        {
            string prefix = ReadString(block.Slice(PrefixOffset, PrefixLength));
            if (prefix.Length > 0)
                return prefix + "/" + name;
        }
        return name;
    }
}
