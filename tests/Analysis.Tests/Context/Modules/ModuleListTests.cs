using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Context.Modules;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Context.Modules;

/// <summary>crash's `mod` (crash/mod.txt) reproduced from the dump alone (BTF) and with the debug kernel (DWARF).</summary>
public class ModuleListTests
{
    public static TheoryData<string, bool> Dumps()
    {
        var data = new TheoryData<string, bool>();
        foreach (string folder in Support.Fixtures.DumpFolders())
        {
            data.Add(Support.Fixtures.Id(folder), false);
            data.Add(Support.Fixtures.Id(folder), true);
        }
        return data;
    }

    private static KernelContext Open(string id, bool withVmlinux, FileByteSource source) =>
        KernelContextFactory.Create(KernelTarget.Open(source), withVmlinux ? DebugKernels.Get(id.Split('/')[0]) : null);

    [Theory]
    [MemberData(nameof(Dumps))]
    public void ModTextEqualsCrash(string id, bool withVmlinux)
    {
        string folder = Path.Combine(Support.Fixtures.Dumps, id);
        using var source = new FileByteSource(Support.Fixtures.DumpFile(folder));
        var context = Open(id, withVmlinux, source);
        Assert.Null(context.ModuleProblem);
        string expected = File.ReadAllText(Path.Combine(folder, "crash", "mod.txt"));
        Assert.Equal(expected, ModuleListText.Format(context.Modules));
    }

    [Fact]
    public void TaintsStateAndSymbolsOfTheOutOfTreeModule()
    {
        string folder = Path.Combine(Support.Fixtures.Dumps, "debian-6.1-cloud", "oops-null", "kdump-lzo");
        using var source = new FileByteSource(Support.Fixtures.DumpFile(folder));
        var context = Open("debian-6.1-cloud", false, source);
        // console.txt: "Modules linked in: corpus_crash(OE) qemu_fw_cfg virtio_blk ..." (module_flags()).
        string linked = File.ReadLines(Path.Combine(folder, "console.txt")).First(l => l.Contains("Modules linked in:"));
        foreach (var m in context.Modules)
        {
            string shown = string.IsNullOrEmpty(m.Taints) ? m.Name : $"{m.Name}({m.Taints})";
            Assert.Contains(" " + shown + " ", linked + " ");
            Assert.Equal("MODULE_STATE_LIVE", m.State);
            Assert.NotNull(m.Kallsyms);
            Assert.True(m.TextSize > 0 && m.TextSize <= m.Size);
        }
        Assert.Equal("OE", context.Modules.Single(m => m.Name == "corpus_crash").Taints);
        // The module's functions are in the symbol table, inside its memory, tagged with it.
        Assert.True(context.Symbols.TryGetSymbol("corpus_null_deref", out var f));
        Assert.Equal("corpus_crash", f.Module);
        Assert.True(context.Modules.Single(m => m.Name == "corpus_crash").Contains(context.Symbols.ToRuntime(f.Address)));
        Assert.True(f.IsText && f.Size > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void VersionsAreTheModulesOwnModuleVersionAndNullWhereItDeclaresNone(bool withVmlinux)
    {
        string folder = Path.Combine(Support.Fixtures.Dumps, "debian-6.1-cloud", "oops-null", "kdump-lzo");
        using var source = new FileByteSource(Support.Fixtures.DumpFile(folder));
        var versions = Open("debian-6.1-cloud", withVmlinux, source).Modules.ToDictionary(m => m.Name, m => m.Version);
        // The kernel's sources: MODULE_VERSION("0.1") in drivers/virtio/virtio_pci_legacy_dev.c and
        // virtio_pci_modern_dev.c, MODULE_VERSION("1") in drivers/virtio/virtio_pci_common.c.
        Assert.Equal("0.1", versions["virtio_pci_legacy_dev"]);
        Assert.Equal("0.1", versions["virtio_pci_modern_dev"]);
        Assert.Equal("1", versions["virtio_pci"]);
        // corpus_crash.ko's .modinfo has no version= (its license= and vermagic= only): unknown, not "".
        string modinfo = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(Support.Fixtures.Root, "kernels", "debian-6.1-cloud", "corpus_crash.ko")));
        Assert.Contains("vermagic=", modinfo);
        Assert.DoesNotContain("\0version=", modinfo);
        Assert.Null(versions["corpus_crash"]);
        Assert.Null(versions["virtio_blk"]);
    }

    [Fact]
    public void CyclesAndHugeTablesAreReportedNotFollowed()
    {
        string folder = Path.Combine(Support.Fixtures.Dumps, "debian-6.1-cloud", "sysrq-c", "kdump-zlib");
        using var source = new FileByteSource(Support.Fixtures.DumpFile(folder));
        var context = Open("debian-6.1-cloud", false, source);
        var layout = ModuleLayout.From(context.Types);
        Assert.True(context.TryGetSymbolAddress("modules", out ulong head));
        var memory = new FakeOverlayMemory(context.Target.KernelMemory);
        var states = ModuleListReader.StateNames(context.Types);

        // The second module's list.next points back at the first: a cycle, not an endless walk.
        ulong first = context.Target.KernelMemory.ReadU64(head);
        ulong second = context.Target.KernelMemory.ReadU64(first);
        memory.PatchU64(second, first);
        var e = Assert.Throws<DumpFormatException>(() => ModuleListReader.Walk(memory, head, layout, states, context.Target.Limits));
        Assert.Contains("cycle", e.Message);

        // A corrupt num_symtab on one module: that module names nothing, the others still do.
        var clean = ModuleListReader.Walk(context.Target.KernelMemory, head, layout, states, context.Target.Limits);
        var victim = clean.Single(m => m.Name == "virtio");
        var broken = clean.Select(m => m == victim ? m with { Kallsyms = m.Kallsyms! with { Count = int.MaxValue } } : m).ToList();
        var symbols = new ModuleSymbolSource(context.Target.KernelMemory, broken, context.Target.Limits);
        var read = symbols.ReadSymbols();
        Assert.DoesNotContain(read, s => s.Module == "virtio");
        Assert.Contains(read, s => s.Module == "corpus_crash");
        Assert.Contains(symbols.Problems, p => p.StartsWith("virtio:", StringComparison.Ordinal) && p.Contains("num_symtab"));
    }

    [Fact]
    public void MismatchedDebugKernelIsRefusedWithThePreflightMessage()
    {
        string folder = Path.Combine(Support.Fixtures.Dumps, "debian-6.1-cloud", "sysrq-c", "kdump-zlib");
        using var source = new FileByteSource(Support.Fixtures.DumpFile(folder));
        var target = KernelTarget.Open(source);
        var other = DebugKernels.Get("mini-6.1-lockdep");
        var e = Assert.Throws<KernelMismatchException>(() => KernelContextFactory.Create(target, other));
        string expected = DebugKernels.VmcoreInfoValue(Support.Fixtures.DumpFile(folder), "BUILD-ID");
        Assert.StartsWith($"debug kernel build-id {other.Identity.BuildId}, dump expects {expected}", e.Message);
        // The matching kernel passes and says so.
        var own = KernelContextFactory.Create(target, DebugKernels.Get("debian-6.1-cloud"));
        Assert.True(own.DebugKernelCheck!.IsUsable);
        // The analyser records the refusal and carries on from the dump alone.
        var report = DumpAnalyzer.Analyze(target, new AnalysisOptions { DebugInfo = other });
        Assert.Contains(report.Failures, f => f.Extractor == "debug-kernel" && f.Message.Contains(expected));
        Assert.StartsWith("kallsyms in the dump", report.SymbolOrigin);
    }
}
