using Crashdesk.Analysis;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Symbols.Kallsyms;
using Crashdesk.Fuzz.Seeds;

namespace Crashdesk.Fuzz.Targets;

/// <summary>The kallsyms reader (names, token table and index, offsets, relative base) on mutated dump memory.</summary>
public sealed class KallsymsTarget(params string[] seedIds) : MemoryTarget
{
    public override string Name => "kallsyms";

    protected override IEnumerable<(string, IMemoryReader, VmcoreInfo, object?)> Seeds(SeedFiles seeds) => FromDumps(seeds, seedIds);

    protected override IEnumerable<string> Work(IMemoryReader memory, VmcoreInfo info, object? state)
    {
        if (!KallsymsTables.TryFrom(info, out var tables))
            throw new InvalidOperationException("the seed's VMCOREINFO exports no kallsyms tables");
        var symbols = new KallsymsSymbolSource(memory, tables, AnalysisLimits.Default).ReadSymbols();
        var table = SymbolTable.Create(symbols);
        foreach (var s in symbols.Take(64))
            table.TryResolve(s.Address + 1, out _);
        return [];
    }
}
