using System.Text;
using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.Formats.Elf;
using Crashdesk.Analysis.Formats.Flattened;
using Crashdesk.Analysis.Formats.Kdump;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Formats.Detection;

/// <summary>
/// Format detection as an ordered list of probes, so each format's knowledge stays in its reader and
/// a new format is one more probe (crash's main.c likewise tries one format after another): each probe says
/// "not mine" or opens the file, throwing <see cref="DumpFormatException"/> when it is "mine but
/// broken". Inputs that are not dumps (archives, a vmlinux, a System.map, an empty file) end in a
/// <see cref="NotSupportedException"/> that says what the file is and what to upload instead.
/// </summary>
public static class DumpOpener
{
    private const int MinimumDumpSize = 64;

    /// <summary>Opens <paramref name="source"/> as a crash dump.</summary>
    public static OpenedDump Open(IByteSource source, AnalysisLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= AnalysisLimits.Default;
        if (source.Length == 0)
            throw new NotSupportedException($"{source.Name} is empty (0 bytes): not a crash dump");
        if (FlattenedByteSource.IsFlattened(source))
        {
            var flat = FlattenedByteSource.Open(source, limits);
            if (!KdumpHeader.Probe(flat))
                throw new DumpFormatException($"{source.Name}: a makedumpfile flattened stream whose reassembled file has no KDUMP header at offset 0 ({flat.RecordCount} records)") { Field = "disk_dump_header.signature", Offset = 0 };
            var opened = KdumpReader.Open(flat, limits, flattened: true);
            return flat.Truncated ? opened with { Info = opened.Info with { Truncated = true } } : opened;
        }
        if (KdumpHeader.Probe(source))
            return KdumpReader.Open(source, limits);
        if (ElfHeader.HasMagic(source))
            return OpenElf(source, limits);
        if (source.Length < MinimumDumpSize)
            throw new NotSupportedException($"{source.Name} is only {source.Length} bytes: too small to be a crash dump");
        throw new NotSupportedException($"{source.Name}: {DescribeNonDump(source)}");
    }

    private static OpenedDump OpenElf(IByteSource source, AnalysisLimits limits)
    {
        var h = ElfHeader.Read(source);
        if (h.Class != 2)
            throw new NotSupportedException($"{source.Name}: a 32-bit ELF file (EI_CLASS {h.Class}); only 64-bit x86_64 vmcores are supported");
        if (h.Data != 1)
            throw new NotSupportedException($"{source.Name}: a big-endian ELF file; only x86_64 vmcores are supported");
        if (NonCoreElf(h.Type) is { } what)
            throw new NotSupportedException($"{source.Name} is {what}");
        if (h.Type != ElfFileType.Core)
            throw DumpFormatException.ForField("ELF", "e_type", h.Type, 16, $"not ET_CORE ({ElfFileType.Core})");
        if (h.Machine != ElfHeader.EmX86_64)
            throw new NotSupportedException($"{source.Name}: an ELF core for machine {h.Machine}; only x86_64 (EM_X86_64 = 62) is supported");
        return ElfCoreReader.Open(source, h, limits);
    }

    /// <summary>What an ELF file of type <paramref name="type"/> is when it is not a core (a vmlinux, a module), or null.</summary>
    public static string? NonCoreElf(ushort type) => type switch
    {
        ElfFileType.Executable or ElfFileType.SharedObject =>
            $"an ELF executable (e_type {type}), probably a vmlinux (debug kernel), not a crash dump: upload the vmcore, and give the vmlinux as the debug kernel",
        ElfFileType.Relocatable => "an ELF relocatable object (a kernel module .ko?), not a crash dump",
        _ => null,
    };

    /// <summary>Names archives and the usual wrong uploads from their first bytes.</summary>
    internal static string DescribeNonDump(IByteSource source)
    {
        Span<byte> head = stackalloc byte[512];
        int n = source.Read(0, head);
        head = head[..n];
        return KnownNonDump(head)
            ?? $"not a recognised crash dump (first bytes {Convert.ToHexString(head[..Math.Min(8, n)])}); expected an ELF vmcore, a kdump-compressed (KDUMP) or a makedumpfile flattened file";
    }

    /// <summary>
    /// What the first bytes (at least the first 512 when the file has them) prove a file is instead of
    /// a dump — compressed data, an archive, a System.map — or null when they prove nothing.
    /// </summary>
    public static string? KnownNonDump(ReadOnlySpan<byte> head)
    {
        int n = head.Length;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b]))
            return "gzip-compressed data: decompress it (gunzip, or tar -xzf for a .tar.gz) and upload the vmcore inside";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0]))
            return "xz-compressed data: decompress it (unxz, or tar -xJf for a .tar.xz) and upload the vmcore inside";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xb5, 0x2f, 0xfd]))
            return "zstd-compressed data: decompress it (unzstd) and upload the vmcore inside";
        if (head.StartsWith("BZh"u8))
            return "bzip2-compressed data: decompress it (bunzip2) and upload the vmcore inside";
        if (head.StartsWith("PK\u0003\u0004"u8))
            return "a zip archive: extract it and upload the vmcore inside";
        if (n >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8))
            return "a tar archive: extract it (tar -xf) and upload the vmcore inside";
        if (LooksLikeSystemMap(head[..Math.Min(n, 512)]))
            return "a System.map (kernel symbol list), not a crash dump: upload the vmcore; a System.map can be given as symbols";
        return null;
    }

    private static bool LooksLikeSystemMap(ReadOnlySpan<byte> head)
    {
        // "ffffffff81000000 T _text": address, space, one type letter, space, name.
        string text = Encoding.Latin1.GetString(head);
        var lines = text.Split('\n');
        int checkedLines = 0;
        foreach (var line in lines.Take(lines.Length - 1))
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || parts[0].Length is < 8 or > 16 || parts[1].Length != 1 || !parts[0].All(Uri.IsHexDigit) || !char.IsAsciiLetter(parts[1][0]))
                return false;
            checkedLines++;
        }
        return checkedLines >= 2;
    }
}
