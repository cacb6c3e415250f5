using System.Buffers.Binary;
using System.Text;

namespace Crashdesk.Analysis.Binary;

/// <summary>Parses a note area (a PT_NOTE segment, or the kdump sub-header's note blob).</summary>
public static class ElfNoteParser
{
    /// <summary>
    /// Parses every note in <paramref name="area"/>. A header that runs past the end throws a
    /// <see cref="DumpFormatException"/> naming its file offset (<paramref name="fileOffset"/> + position);
    /// all-zero padding at the end is accepted (/proc/vmcore pads the merged note segment).
    /// </summary>
    public static List<ElfNote> Parse(ReadOnlySpan<byte> area, long fileOffset, string format)
    {
        var notes = new List<ElfNote>();
        int pos = 0;
        while (pos + 12 <= area.Length)
        {
            uint nameSize = BinaryPrimitives.ReadUInt32LittleEndian(area[pos..]);
            uint descSize = BinaryPrimitives.ReadUInt32LittleEndian(area[(pos + 4)..]);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(area[(pos + 8)..]);
            if (nameSize == 0 && descSize == 0 && type == 0)
                break; // padding
            long nameEnd = pos + 12L + Align4(nameSize);
            long descEnd = nameEnd + Align4(descSize);
            if (nameSize > area.Length || descSize > area.Length || nameEnd > area.Length || pos + 12L + Align4(nameSize) + descSize > area.Length)
                throw DumpFormatException.ForField(format, "Elf64_Nhdr.n_descsz", $"{descSize} (n_namesz {nameSize})", fileOffset + pos, $"note runs past the end of the {area.Length}-byte note area");
            var nameBytes = area.Slice(pos + 12, (int)nameSize);
            int nul = nameBytes.IndexOf((byte)0);
            string name = Encoding.Latin1.GetString(nul < 0 ? nameBytes : nameBytes[..nul]);
            byte[] desc = area.Slice((int)nameEnd, (int)descSize).ToArray();
            notes.Add(new ElfNote(name, type, desc));
            pos = (int)Math.Min(descEnd, area.Length);
        }
        return notes;
    }

    private static long Align4(uint v) => ((long)v + 3) & ~3L;
}
