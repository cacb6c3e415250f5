using System.Text;

namespace Crashdesk.Analysis.Binary;

/// <summary>NUL-terminated strings in ELF/DWARF string sections.</summary>
public static class StringTable
{
    /// <summary>Reads the string at <paramref name="offset"/>; a missing terminator ends at the table's end.</summary>
    public static string Read(ReadOnlySpan<byte> table, ulong offset)
    {
        if (offset >= (ulong)table.Length)
            throw new DumpFormatException($"string offset 0x{offset:x} is outside its table (0x{table.Length:x} bytes)");
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }

    /// <summary>The bytes of the string at <paramref name="offset"/> without its terminator.</summary>
    public static ReadOnlySpan<byte> Bytes(ReadOnlySpan<byte> table, ulong offset)
    {
        if (offset >= (ulong)table.Length)
            throw new DumpFormatException($"string offset 0x{offset:x} is outside its table (0x{table.Length:x} bytes)");
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return end < 0 ? rest : rest[..end];
    }
}
