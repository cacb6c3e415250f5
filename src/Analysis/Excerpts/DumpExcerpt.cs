using System.Buffers.Binary;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Excerpts;

/// <summary>
/// A dump excerpt: the byte ranges of a dump file that the engine's log-only pass reads (headers, VMCOREINFO,
/// the page tables and pages that hold the printk buffer), in a container of ours, so that a customer's
/// server can send them before the multi-GB dump and the service triages the crash while the rest is on
/// its way. Analysing an excerpt reads the dump's address space with only those ranges present
/// (<see cref="DumpExcerptSource"/>); the dump format inside is whatever the dump is (kdump-compressed,
/// flattened, ELF), read by the same readers.
/// <para>Layout (little-endian): magic "CDEXCRP1"; u64 dump length; u32 range count; u32 name length;
/// the ranges as (u64 offset, u64 length), sorted, not touching, inside the dump; the dump's file name
/// (UTF-8); then the ranges' bytes in order. Every count and length is checked against
/// <see cref="MaxRanges"/>, <see cref="MaxNameBytes"/> and the container's own length.</para>
/// </summary>
public static class DumpExcerpt
{
    /// <summary>The first eight bytes of every excerpt.</summary>
    public static ReadOnlySpan<byte> Magic => "CDEXCRP1"u8;

    /// <summary>Bytes before the range table.</summary>
    public const int HeaderBytes = 24;

    /// <summary>More ranges than any log pass reads (a few hundred after coalescing); a larger count is a corrupt file.</summary>
    public const int MaxRanges = 1 << 16;

    /// <summary>A file name is at most this many UTF-8 bytes.</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>The extractors an excerpt has the bytes for: the kernel log and its triage (no symbols, no types).</summary>
    public static IReadOnlySet<string> Extractors { get; } = new HashSet<string>(StringComparer.Ordinal) { "kernel-log", "triage" };

    /// <summary>True when <paramref name="source"/> starts with the excerpt magic.</summary>
    public static bool IsExcerpt(IByteSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> head = stackalloc byte[8];
        return source.Length >= HeaderBytes && source.Read(0, head) == head.Length && head.SequenceEqual(Magic);
    }

    internal static void WriteHeader(Span<byte> header, long dumpLength, int ranges, int nameBytes)
    {
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], dumpLength);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], ranges);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], nameBytes);
    }
}
