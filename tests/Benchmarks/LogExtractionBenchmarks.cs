using BenchmarkDotNet.Attributes;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Benchmarks;

/// <summary>
/// In-process kernel-log extraction, cold: open the file, detect the format, parse VMCOREINFO,
/// read and decompress the printk rings, render crash text. Compare with
/// `makedumpfile --dump-dmesg` on the same dumps (tests/Benchmarks/bench-log.sh).
/// </summary>
[MemoryDiagnoser]
public class LogExtractionBenchmarks
{
    [Params("mini-6.1-lockdep/sysrq-c/kdump-zlib", "mini-6.1-lockdep/sysrq-c/kdump-lzo", "mini-6.1-lockdep/warn/kdump-elf31", "debian-6.1-cloud/sysrq-c/kdump-zlib")]
    public string Dump { get; set; } = "";

    private string _path = "";

    [GlobalSetup]
    public void Setup() => _path = Directory.GetFiles(Path.Combine(FixturePaths.Dumps, Dump), "dump.*").Single();

    [Benchmark]
    public int ExtractLog()
    {
        using var source = new FileByteSource(_path);
        var target = KernelTarget.Open(source);
        return KernelLogExtractor.Extract(target).ToCrashText().Length;
    }
}
