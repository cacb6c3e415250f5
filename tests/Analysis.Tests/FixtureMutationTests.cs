using System.Buffers.Binary;
using System.Diagnostics;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests;

/// <summary>
/// Hostile input made from the real fixtures: cut each format at several offsets and corrupt header
/// fields; every case ends in a clear error or a partial result, quickly.
/// </summary>
public class FixtureMutationTests
{
    public static TheoryData<string> OnePerFormat() => new()
    {
        "mini-6.1-lockdep/sysrq-c/kdump-zlib",
        "mini-6.1-lockdep/sysrq-c/kdump-lzo",
        "mini-6.1-lockdep/sysrq-c/kdump-snappy",
        "mini-6.1-lockdep/sysrq-c/kdump-zstd",
        "mini-6.1-lockdep/sysrq-c/kdump-flat",
        "mini-6.1-lockdep/sysrq-c/qemu-kdump-zlib",
        "mini-6.1-lockdep/warn/kdump-elf31",
    };

    [Theory]
    [MemberData(nameof(OnePerFormat))]
    public void Truncated_dump_gives_an_error_or_a_partial_result(string id)
    {
        byte[] whole = File.ReadAllBytes(FixtureDumps.DumpPath(id));
        var cuts = new long[] { 0, 1, 7, 100, 463, 4096, 4200, 9000, 40_000, 200_000, whole.Length / 4, whole.Length / 2, whole.Length * 9 / 10, whole.Length - 1 };
        foreach (long cut in cuts.Where(c => c < whole.Length))
        {
            var outcome = Outcome(whole.AsMemory(0, (int)cut), $"{id} cut at {cut}");
            if (cut >= whole.Length / 2 && outcome.Report is { } r)
            {
                // Past the headers: the dump opens and says it is truncated.
                Assert.True(r.Dump!.Truncated, $"{id} cut at {cut}: not reported as truncated");
            }
        }
    }

    [Theory]
    [MemberData(nameof(OnePerFormat))]
    public void Corrupt_header_fields_give_clear_errors(string id)
    {
        byte[] whole = File.ReadAllBytes(FixtureDumps.DumpPath(id));
        int header = id.EndsWith("flat", StringComparison.Ordinal) || id.Contains("qemu", StringComparison.Ordinal) ? 4096 + 16 : 0;
        bool elf = id.EndsWith("elf31", StringComparison.Ordinal);
        // (offset, value) pairs: kdump block_size, sub_hdr_size, bitmap_blocks, nr_cpus, version;
        // ELF e_phnum, e_phentsize, e_phoff, first phdr p_filesz; flattened first record size.
        var edits = elf
            ? new (int, long, int)[] { (56, 0xfffe, 2), (54, 7, 2), (32, 0x7fff_ffff_ffff, 8), (64 + 32, -1, 8), (64 + 56 + 32, 0x7fff_ffff_ffff_ffff, 8), (16, 2, 2), (18, 3, 2) }
            : new (int, long, int)[] { (header + 428, 3, 4), (header + 428, 1 << 30, 4), (header + 432, -5, 4), (header + 436, int.MaxValue, 4), (header + 460, 1_000_000, 4), (header + 8, -1, 4), (header + 4096 + 40, 1L << 40, 8), (header + 4096 + 56, 1L << 40, 8) };
        foreach (var (offset, value, width) in edits)
        {
            byte[] copy = (byte[])whole.Clone();
            if (width == 2)
                BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(offset), (ushort)value);
            else if (width == 4)
                BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), (int)value);
            else
                BinaryPrimitives.WriteInt64LittleEndian(copy.AsSpan(offset), value);
            Outcome(copy, $"{id}: {value} written at {offset}");
        }
        if (header > 0)
        {
            byte[] copy = (byte[])whole.Clone();
            BinaryPrimitives.WriteInt64BigEndian(copy.AsSpan(4096 + 8), long.MaxValue / 2); // absurd record size
            var o = Outcome(copy, $"{id}: absurd flattened record size");
            Assert.Contains("buf_size", o.Error);
        }
    }

    [Theory]
    [MemberData(nameof(OnePerFormat))]
    public void Random_corruption_never_hangs_or_crashes(string id)
    {
        byte[] whole = File.ReadAllBytes(FixtureDumps.DumpPath(id));
        var rng = new Random(id.Length * 7919);
        for (int round = 0; round < 12; round++)
        {
            byte[] copy = (byte[])whole.Clone();
            // Scribble over the first 64 KiB (headers, bitmaps, descriptors, notes).
            for (int k = 0; k < 40; k++)
                copy[rng.Next(0, Math.Min(65536, copy.Length))] = (byte)rng.Next(256);
            Outcome(copy, $"{id} round {round}");
        }
    }

    internal sealed record Result(AnalysisReport? Report, string? Error);

    /// <summary>Analyses the bytes: must finish quickly with a report or one of the documented exceptions.</summary>
    internal static Result Outcome(ReadOnlyMemory<byte> bytes, string what)
    {
        var sw = Stopwatch.StartNew();
        try
        {
            using var source = new MemoryByteSource(bytes, "dump");
            var report = DumpAnalyzer.Analyze(source);
            foreach (var f in report.Failures)
                Assert.False(string.IsNullOrWhiteSpace(f.Message), what);
            return new Result(report, null);
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message), what);
            return new Result(null, e.Message);
        }
        finally
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"{what}: took {sw.Elapsed}");
        }
    }
}
