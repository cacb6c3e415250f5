using System.Buffers.Binary;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Tests.Extractors;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests;

/// <summary>
/// One failing extractor is recorded and the others still run: the ELF fixture (pages stored raw)
/// is read through a byte source that corrupts chosen bytes of the file, a byte-level corrupted copy.
/// </summary>
public class ExtractorIsolationTests
{
    private const string Id = "mini-6.1-lockdep/warn/kdump-elf31";

    [Fact]
    public void CorruptCpuCountAndRamSizeFailTasksAndKmemOnly()
    {
        var debug = DebugKernels.Get("mini-6.1-lockdep");
        string path = FixtureDumps.DumpPath(Id);
        var patches = new Dictionary<long, byte[]>();
        using (var clean = new FileByteSource(path))
        {
            var target = KernelTarget.Open(clean);
            var context = KernelContextFactory.Create(target, debug);
            // nr_cpu_ids = 0xffffffff: the per-CPU walk must refuse it (DumpFormatException).
            patches[FileOffset(clean, target, Symbol(context, "nr_cpu_ids"))] = [0xff, 0xff, 0xff, 0xff];
            // _totalram_pages = 2^62: kmem must refuse it.
            var huge = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(huge, 1UL << 62);
            patches[FileOffset(clean, target, Symbol(context, "_totalram_pages"))] = huge;
        }
        using var corrupt = new CorruptedByteSource(new FileByteSource(path), patches);
        var report = DumpAnalyzer.Analyze(corrupt, new AnalysisOptions { DebugInfo = debug });

        Assert.Equal(["kmem", "tasks"], report.Failures.Select(f => f.Extractor).Order());
        Assert.Contains("nr_cpu_ids", report.Failures.Single(f => f.Extractor == "tasks").Message, StringComparison.Ordinal);
        Assert.Contains("_totalram_pages", report.Failures.Single(f => f.Extractor == "kmem").Message, StringComparison.Ordinal);
        // The others ran: the log is crash's, sys still has its fields (minus TASKS), triage ran.
        Assert.Equal(string.Join('\n', FixtureDumps.CrashLogLines(Id)) + "\n", report.KernelLog);
        Assert.Equal(FixtureDumps.Sys(Id, "LOAD AVERAGE"), report.System!.LoadAverage);
        Assert.Equal(FixtureDumps.Sys(Id, "UPTIME"), Crashdesk.Analysis.Extractors.CrashUnits.Uptime(report.System.UptimeSeconds!.Value));
        Assert.Null(report.System.Tasks);
        Assert.NotNull(report.Triage?.Primary);
        Assert.Null(report.Tasks);
        Assert.Null(report.Memory);
    }

    private static ulong Symbol(KernelContext context, string name) =>
        context.TryGetSymbolAddress(name, out ulong a) ? a : throw new InvalidOperationException($"fixture kernel lacks {name}");

    /// <summary>File offset of a kernel-image variable in an ELF vmcore: translate, then find its PT_LOAD.</summary>
    private static long FileOffset(IByteSource source, KernelTarget target, ulong address)
    {
        Assert.True(target.Translator.TryTranslate(address, out ulong phys, out _));
        var eh = new byte[64];
        source.Read(0, eh);
        long phoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(eh.AsSpan(32));
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(eh.AsSpan(54));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(eh.AsSpan(56));
        var ph = new byte[phentsize];
        for (int i = 0; i < phnum; i++)
        {
            source.Read(phoff + i * phentsize, ph);
            if (BinaryPrimitives.ReadUInt32LittleEndian(ph) != 1)
                continue;
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(ph.AsSpan(8));
            ulong paddr = BinaryPrimitives.ReadUInt64LittleEndian(ph.AsSpan(24));
            ulong filesz = BinaryPrimitives.ReadUInt64LittleEndian(ph.AsSpan(32));
            if (phys >= paddr && phys + 8 <= paddr + filesz)
                return (long)(offset + (phys - paddr));
        }
        throw new InvalidOperationException($"physical 0x{phys:x} is in no PT_LOAD of {Id}");
    }

    /// <summary>Reads a source with some byte ranges replaced (a corrupted copy without writing 55 MB).</summary>
    private sealed class CorruptedByteSource(IByteSource inner, IReadOnlyDictionary<long, byte[]> patches) : IByteSource
    {
        public string Name => inner.Name + " (corrupted)";

        public long Length => inner.Length;

        public int Read(long offset, Span<byte> destination)
        {
            int n = inner.Read(offset, destination);
            foreach (var (at, bytes) in patches)
            {
                for (int i = 0; i < bytes.Length; i++)
                {
                    long p = at + i - offset;
                    if (p >= 0 && p < n)
                        destination[(int)p] = bytes[i];
                }
            }
            return n;
        }

        public void Dispose() => inner.Dispose();
    }
}
