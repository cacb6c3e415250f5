using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Symbols;

/// <summary>Adding module symbols to a kernel table by merging must equal sorting the concatenation.</summary>
public class SymbolTableMergeTests
{
    [Fact]
    public void WithAdditional_equals_Create_of_the_concatenation()
    {
        var kernel = DebugKernels.Get("mini-6.1-lockdep").Symbols.WithKaslrOffset(0x1000);
        var some = kernel.Symbols;
        // Extra symbols that tie with kernel symbols (same address, every rank), duplicate names, absolute ones.
        var extra = new List<KernelSymbol>();
        for (int i = 0; i < some.Count; i += 997)
        {
            var s = some[i];
            extra.Add(new KernelSymbol(s.Name, s.Address, 8, 't', "modx"));
            extra.Add(new KernelSymbol(s.Name + "_mod", s.Address, 0, 'D', "modx"));
            extra.Add(new KernelSymbol("abs_" + i, s.Address, 0, 'A', "modx"));
        }
        extra.Add(new KernelSymbol("after_everything", ulong.MaxValue - 10, 4, 'T', "modx"));
        var merged = kernel.WithAdditional(extra);
        var sorted = SymbolTable.Create(kernel.Symbols.Concat(extra), kernel.KaslrOffset);
        Assert.Equal(sorted.Symbols, merged.Symbols);
        Assert.Equal(sorted.AddressOrder, merged.AddressOrder);
        Assert.Equal(sorted.KaslrOffset, merged.KaslrOffset);
        foreach (var s in extra.Concat(some.Take(500)))
        {
            Assert.Equal(sorted.TryGetSymbol(s.Name, out var a), merged.TryGetSymbol(s.Name, out var b));
            Assert.Equal(a, b);
            Assert.Equal(sorted.TryResolve(sorted.ToRuntime(s.Address) + 1, out var la), merged.TryResolve(sorted.ToRuntime(s.Address) + 1, out var lb));
            Assert.Equal(la, lb);
        }
    }
}
