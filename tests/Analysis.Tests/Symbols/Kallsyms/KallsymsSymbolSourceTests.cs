using System.Globalization;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Symbols.Kallsyms;

namespace Crashdesk.Analysis.Tests.Symbols.Kallsyms;

public class KallsymsSymbolSourceTests
{
    private static string Dump(string id) => Support.Fixtures.DumpFile(Path.Combine(Support.Fixtures.Dumps, id));

    [Theory]
    [InlineData("mini-6.1-lockdep/sysrq-c/kdump-zstd")]
    [InlineData("mini-6.1-lockdep/warn/kdump-elf31")]
    [InlineData("mini-6.1-lockdep/sysrq-c/qemu-kdump-zlib")]
    public void EveryKallsymsSymbolIsInSystemMapAtItsAddressPlusKaslr(string id)
    {
        using var source = new FileByteSource(Dump(id));
        var target = KernelTarget.Open(source);
        Assert.True(KallsymsSymbolSource.TryCreate(target, out var kallsyms));
        var symbols = kallsyms.ReadSymbols();

        // System.map is `nm -n vmlinux` (link time); scripts/kallsyms.c took its table from the
        // same nm output, so every kallsyms entry is a System.map line moved by KERNELOFFSET,
        // except the absolute per-CPU offsets, which KASLR does not move and which
        // make_percpus_absolute() retypes to 'A'.
        var map = new HashSet<(string, char, ulong)>();
        var mapAnyType = new HashSet<(string, ulong)>();
        foreach (var line in File.ReadLines(Path.Combine(Support.Fixtures.Root, "kernels", "mini-6.1-lockdep", "System.map")))
        {
            var p = line.Split(' ');
            ulong address = ulong.Parse(p[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            map.Add((p[2], p[1][0], address));
            mapAnyType.Add((p[2], address));
        }
        ulong slide = target.KernelOffset;
        Assert.NotEqual(0ul, slide);
        int perCpu = 0;
        foreach (var s in symbols)
        {
            bool isPerCpu = s.Address < 0x1000000;
            if (isPerCpu)
            {
                perCpu++;
                Assert.Equal('A', s.Type);
                Assert.True(mapAnyType.Contains((s.Name, s.Address)), $"per-CPU {s.Name} at 0x{s.Address:x} is not in System.map");
                continue;
            }
            Assert.True(map.Contains((s.Name, s.Type, s.Address - slide)), $"{s.Type} {s.Name} at 0x{s.Address:x} (link 0x{s.Address - slide:x}) is not in System.map");
        }
        Assert.True(symbols.Count > map.Count * 9 / 10, $"{symbols.Count} kallsyms vs {map.Count} System.map lines");
        Assert.True(perCpu > 100);
        Assert.Contains(symbols, s => s.Name == "panic" && s.Type == 'T');
    }

    [Fact]
    public void DumpOnlyContextResolvesCrashsPanicFrameOnDebian()
    {
        using var source = new FileByteSource(Dump("debian-6.1-cloud/sysrq-c/kdump-zlib"));
        var context = KernelContextFactory.Create(KernelTarget.Open(source));
        Assert.StartsWith("kallsyms in the dump", context.SymbolOrigin);
        Assert.Equal(0, context.Symbols.KaslrOffset);
        // crash's bt-a.txt: "#3 [ffffb27f4008fc70] panic at ffffffff8d9cd06e".
        Assert.True(context.Symbols.TryResolve(0xffffffff8d9cd06e, out var at));
        Assert.Equal("panic", at.Symbol.Name);
        // VMCOREINFO exports SYMBOL(init_uts_ns): kallsyms must put it at the same run-time address.
        Assert.True(context.Symbols.TryGetAddress("init_uts_ns", out ulong uts));
        Assert.Equal(context.Target.VmcoreInfo.Symbol("init_uts_ns"), uts);
        Assert.Equal(context.Target.VmcoreInfo.Symbol("_stext"), context.Symbols.TryGetAddress("_stext", out ulong stext) ? stext : 0);
    }

    [Fact]
    public void CorruptSymbolCountIsReportedNotFollowed()
    {
        using var source = new FileByteSource(Dump("mini-6.1-lockdep/sysrq-c/kdump-zstd"));
        var target = KernelTarget.Open(source);
        Assert.True(KallsymsTables.TryFrom(target.VmcoreInfo, out var tables));
        // Point num_syms at a location holding a huge value: the token table's first bytes are ASCII.
        var bad = new KallsymsSymbolSource(target.KernelMemory, tables with { NumSyms = tables.TokenTable }, target.Limits);
        var e = Assert.Throws<DumpFormatException>(() => bad.ReadSymbols());
        Assert.Contains("kallsyms_num_syms", e.Message);
        // Names pointing into an unmapped address: a clear error, not a hang.
        var unmapped = new KallsymsSymbolSource(target.KernelMemory, tables with { Names = 0xffffffffff000000 }, target.Limits);
        Assert.Throws<DumpFormatException>(() => unmapped.ReadSymbols());
    }
}
