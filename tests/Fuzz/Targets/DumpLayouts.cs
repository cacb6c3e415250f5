using System.Buffers.Binary;
using Crashdesk.Fuzz.Mutation;

namespace Crashdesk.Fuzz.Targets;

/// <summary>
/// Header fields at known offsets in each dump format, for extreme-value mutations: makedumpfile's
/// diskdump_mod.h (disk_dump_header, kdump_sub_header, page_desc), its flattened format
/// (makedumpfile.h: makedumpfile_header, makedumpfile_data_header, big-endian), and the ELF64
/// header and program headers (System V gABI, elf(5)).
/// </summary>
public static class DumpLayouts
{
    public static List<Field> Fields(byte[] file)
    {
        var fields = new List<Field>();
        if (file.AsSpan().StartsWith("makedumpfile"u8))
            Flattened(file, fields);
        else if (file.AsSpan().StartsWith("KDUMP   "u8))
            Kdump(file, 0, fields);
        else if (file.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F']))
            Elf(file, fields);
        return fields;
    }

    private static void Kdump(byte[] file, ulong at, List<Field> fields)
    {
        (int Off, int Width, string Name)[] header =
        [
            (8, 4, "header_version"), (424, 4, "status"), (428, 4, "block_size"), (432, 4, "sub_hdr_size"), (436, 4, "bitmap_blocks"),
            (440, 4, "max_mapnr"), (444, 4, "total_ram_blocks"), (448, 4, "device_blocks"), (452, 4, "written_blocks"),
            (456, 4, "current_cpu"), (460, 4, "nr_cpus"),
        ];
        foreach (var (off, w, name) in header)
            fields.Add(new Field(at + (ulong)off, w, "disk_dump_header." + name));
        int blockSize = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(428));
        int subBlocks = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(432));
        int bitmapBlocks = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(436));
        if (blockSize is < 512 or > 1 << 20)
            return;
        ulong sub = at + (ulong)blockSize;
        (int Off, string Name)[] subHeader =
        [
            (0, "phys_base"), (8, "dump_level"), (16, "start_pfn"), (24, "end_pfn"), (32, "offset_vmcoreinfo"), (40, "size_vmcoreinfo"),
            (48, "offset_note"), (56, "size_note"), (64, "offset_eraseinfo"), (72, "size_eraseinfo"), (80, "start_pfn_64"),
            (88, "end_pfn_64"), (96, "max_mapnr_64"),
        ];
        foreach (var (off, name) in subHeader)
            fields.Add(new Field(sub + (ulong)off, name == "dump_level" ? 4 : 8, "kdump_sub_header." + name));
        ulong descs = at + (ulong)((1L + subBlocks + bitmapBlocks) * blockSize);
        for (int i = 0; i < 64; i++)
        {
            ulong d = descs + (ulong)(i * 24);
            fields.Add(new Field(d, 8, $"page_desc[{i}].offset"));
            fields.Add(new Field(d + 8, 4, $"page_desc[{i}].size"));
            fields.Add(new Field(d + 12, 4, $"page_desc[{i}].flags"));
        }
    }

    private static void Flattened(byte[] file, List<Field> fields)
    {
        fields.Add(new Field(16, 8, "makedumpfile_header.type", true));
        fields.Add(new Field(24, 8, "makedumpfile_header.version", true));
        long at = 4096;
        for (int i = 0; i < 32 && at + 16 <= file.Length; i++)
        {
            fields.Add(new Field((ulong)at, 8, $"makedumpfile_data_header[{i}].offset", true));
            fields.Add(new Field((ulong)at + 8, 8, $"makedumpfile_data_header[{i}].buf_size", true));
            long size = BinaryPrimitives.ReadInt64BigEndian(file.AsSpan((int)at + 8));
            if (size is < 0 or > 1 << 30)
                break;
            at += 16 + size;
        }
    }

    private static void Elf(byte[] file, List<Field> fields)
    {
        fields.Add(new Field(16, 2, "e_type"));
        fields.Add(new Field(18, 2, "e_machine"));
        fields.Add(new Field(32, 8, "e_phoff"));
        fields.Add(new Field(40, 8, "e_shoff"));
        fields.Add(new Field(54, 2, "e_phentsize"));
        fields.Add(new Field(56, 2, "e_phnum"));
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(32));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(56));
        foreach (int i in Enumerable.Range(0, Math.Min(phnum, 12)).Append(phnum - 1).Distinct())
        {
            ulong p = phoff + (ulong)(i * 56);
            fields.Add(new Field(p, 4, $"phdr[{i}].p_type"));
            fields.Add(new Field(p + 8, 8, $"phdr[{i}].p_offset"));
            fields.Add(new Field(p + 16, 8, $"phdr[{i}].p_vaddr"));
            fields.Add(new Field(p + 24, 8, $"phdr[{i}].p_paddr"));
            fields.Add(new Field(p + 32, 8, $"phdr[{i}].p_filesz"));
            fields.Add(new Field(p + 40, 8, $"phdr[{i}].p_memsz"));
        }
    }
}
