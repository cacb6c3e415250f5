using System.Buffers.Binary;
using System.Text;
using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Formats.Elf;

/// <summary>
/// Opens an ELF64 vmcore (ET_CORE: /proc/vmcore copies, makedumpfile -E, QEMU dump-guest-memory
/// ELF): PT_LOAD segments by p_paddr, every PT_NOTE parsed (NT_PRSTATUS, VMCOREINFO, QEMU).
/// </summary>
public static class ElfCoreReader
{
    private const uint PtLoad = 1, PtNote = 4;
    private const int PhdrSize = 56;

    /// <summary>Opens a validated ET_CORE file; throws <see cref="DumpFormatException"/> when a header is corrupt.</summary>
    public static OpenedDump Open(IByteSource source, ElfHeader header, AnalysisLimits limits)
    {
        const string fmt = "ELF";
        if (header.ProgramHeaderEntrySize != PhdrSize)
            throw DumpFormatException.ForField(fmt, "e_phentsize", header.ProgramHeaderEntrySize, 54, $"must be {PhdrSize} for ELF64");
        if (header.ProgramHeaderCount == 0 || header.ProgramHeaderCount > limits.MaxProgramHeaders)
            throw DumpFormatException.ForField(fmt, "e_phnum", header.ProgramHeaderCount, 56, $"the number of program headers: a vmcore has 1..{limits.MaxProgramHeaders} (a limit of {limits.MaxProgramHeaders} program headers)");
        long tableBytes = (long)header.ProgramHeaderCount * PhdrSize;
        if (header.ProgramHeaderOffset > (ulong)source.Length || (long)header.ProgramHeaderOffset + tableBytes > source.Length)
            throw DumpFormatException.ForField(fmt, "e_phoff", $"0x{header.ProgramHeaderOffset:x}", 32, $"the {header.ProgramHeaderCount} program headers lie beyond the end of the file (length {source.Length})");
        byte[] table = new byte[tableBytes];
        source.ReadExactly((long)header.ProgramHeaderOffset, table, "program headers");

        var segments = new List<ElfSegment>();
        var notes = new List<ElfNote>();
        long noteBytes = 0;
        bool truncated = false;
        for (int i = 0; i < header.ProgramHeaderCount; i++)
        {
            var p = table.AsSpan(i * PhdrSize, PhdrSize);
            long at = (long)header.ProgramHeaderOffset + i * PhdrSize;
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(p);
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(p[8..]);
            ulong vaddr = BinaryPrimitives.ReadUInt64LittleEndian(p[16..]);
            ulong paddr = BinaryPrimitives.ReadUInt64LittleEndian(p[24..]);
            ulong filesz = BinaryPrimitives.ReadUInt64LittleEndian(p[32..]);
            ulong memsz = BinaryPrimitives.ReadUInt64LittleEndian(p[40..]);
            if (type == PtLoad)
            {
                if (filesz > memsz)
                    throw DumpFormatException.ForField(fmt, $"phdr[{i}].p_filesz", $"0x{filesz:x}", at + 32, $"larger than p_memsz 0x{memsz:x}");
                if (paddr + memsz < paddr)
                    throw DumpFormatException.ForField(fmt, $"phdr[{i}].p_memsz", $"0x{memsz:x}", at + 40, $"p_paddr 0x{paddr:x} + p_memsz overflows");
                if (offset > (ulong)long.MaxValue)
                    throw DumpFormatException.ForField(fmt, $"phdr[{i}].p_offset", $"0x{offset:x}", at + 8, "impossible offset");
                ulong inFile = offset >= (ulong)source.Length ? 0 : Math.Min(filesz, (ulong)source.Length - offset);
                truncated |= inFile < filesz;
                segments.Add(new ElfSegment(paddr, vaddr, inFile, memsz, (long)offset));
            }
            else if (type == PtNote && filesz > 0)
            {
                noteBytes += (long)Math.Min(filesz, (ulong)int.MaxValue);
                if (noteBytes > limits.MaxNotesBytes)
                    throw DumpFormatException.ForField(fmt, $"phdr[{i}].p_filesz", filesz, at + 32, $"the size of the ELF notes (PT_NOTE), larger than the engine reads (a limit of {limits.MaxNotesBytes} bytes)");
                byte[] area = new byte[filesz];
                if (offset > (ulong)source.Length || !source.TryReadExactly((long)offset, area))
                {
                    truncated = true;
                    continue;
                }
                notes.AddRange(ElfNoteParser.Parse(area, (long)offset, fmt));
            }
        }
        var memory = new ElfPhysicalMemory(source, segments);
        long pageSize = memory.PageSize;
        long present = segments.Sum(s => (long)(s.FileSize / (ulong)pageSize));
        long excluded = segments.Sum(s => (long)((s.MemorySize - s.FileSize) / (ulong)pageSize));
        string? vmcoreInfo = notes.FirstOrDefault(n => n.IsVmcoreInfo) is { } v ? Encoding.Latin1.GetString(v.Descriptor).TrimEnd('\0') : null;
        var info = new DumpFileInfo
        {
            Format = "ELF",
            PagesPresent = present,
            PagesExcluded = excluded,
            Truncated = truncated,
        };
        return new OpenedDump(memory, notes, vmcoreInfo, info);
    }
}
