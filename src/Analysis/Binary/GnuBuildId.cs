using System.Buffers.Binary;

namespace Crashdesk.Analysis.Binary;

/// <summary>
/// The GNU build-id note (`NT_GNU_BUILD_ID` = 3, owner "GNU"; elf(5) "Notes"): the key by which a
/// debug kernel, VMCOREINFO's `BUILD-ID` and debuginfod all name one build.
/// </summary>
public static class GnuBuildId
{
    private const uint NtGnuBuildId = 3;

    /// <summary>Finds the build-id in the image's SHT_NOTE sections (`.notes` on vmlinux); lower-case hex.</summary>
    public static bool TryRead(ElfImage image, out string buildId)
    {
        foreach (var s in image.Sections)
        {
            if (s.Type != ElfSection.TypeNote || s.IsCompressed)
                continue;
            if (TryParse(image.GetContents(s).Span, $"{image.Path}: section {s.Name}", out buildId))
                return true;
        }
        buildId = "";
        return false;
    }

    /// <summary>Walks a note area (namesz, descsz, type, name and desc padded to 4 bytes).</summary>
    public static bool TryParse(ReadOnlySpan<byte> notes, string what, out string buildId)
    {
        int pos = 0;
        while (notes.Length - pos >= 12)
        {
            uint namesz = BinaryPrimitives.ReadUInt32LittleEndian(notes[pos..]);
            uint descsz = BinaryPrimitives.ReadUInt32LittleEndian(notes[(pos + 4)..]);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(notes[(pos + 8)..]);
            long nameEnd = pos + 12L + Align4(namesz);
            long descEnd = nameEnd + Align4(descsz);
            if (descEnd > notes.Length)
                throw new DumpFormatException($"{what}: note at offset 0x{pos:x} (namesz {namesz}, descsz {descsz}) runs past the section end 0x{notes.Length:x}");
            var name = notes.Slice(pos + 12, (int)namesz);
            if (type == NtGnuBuildId && name.SequenceEqual("GNU\0"u8) && descsz > 0)
            {
                buildId = Convert.ToHexStringLower(notes.Slice((int)nameEnd, (int)descsz));
                return true;
            }
            pos = (int)descEnd;
        }
        buildId = "";
        return false;
    }

    private static long Align4(uint v) => (v + 3L) & ~3L;
}
