using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Translation;

/// <summary>On the real dumps: the three translation paths agree wherever they overlap.</summary>
public class FixtureTranslationTests
{
    [Theory]
    [MemberData(nameof(FixtureDumps.All), MemberType = typeof(FixtureDumps))]
    public void Page_walk_agrees_with_kernel_image_and_direct_map_arithmetic(string id)
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(id));
        var t = KernelTarget.Open(source);
        var walker = t.Translator.Walker!;
        Assert.NotNull(walker);
        // Kernel image: VMCOREINFO symbols, walked vs virtual − __START_KERNEL_map + phys_base.
        foreach (var name in new[] { "init_uts_ns", "prb", "init_top_pgt", "_stext" })
        {
            ulong va = t.VmcoreInfo.Symbol(name)!.Value;
            Assert.True(walker.TryTranslate(va, out ulong walked, out _), $"{id}: {name} not mapped");
            Assert.True(t.Translator.TryTranslateKernelImage(va, out ulong arithmetic));
            Assert.Equal(arithmetic, walked);
        }
        // Direct map: SYMBOL(mem_section) points into it (mm/sparse.c allocates it with memblock).
        ulong pob = t.Translator.DirectMapBase!.Value;
        ulong memSection = t.VmcoreInfo.Symbol("mem_section")!.Value;
        Assert.InRange(memSection, pob, pob + (1UL << 46));
        Assert.True(walker.TryTranslate(memSection, out ulong ms, out _));
        Assert.Equal(memSection - pob, ms);
        Assert.Equal(0UL, pob & ((1UL << 30) - 1));
        // vmalloc: the panic CPU's stack (CONFIG_VMAP_STACK) is only reachable through the walk.
        var meta = FixtureDumps.Meta(id);
        ulong rsp = t.Cpus[meta.GetProperty("panic_cpu").GetInt32()].Registers.Rsp;
        Assert.True(t.KernelMemory.TryReadU64(rsp, out _), $"{id}: stack at 0x{rsp:x} unreadable");
    }
}
