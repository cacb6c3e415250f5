using Crashdesk.Analysis;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Symbols.Kallsyms;

namespace Crashdesk.Fuzz.Seeds;

/// <summary>A fixture dump opened cleanly once: its bytes, its kernel target and its kallsyms table.</summary>
public sealed class SeedDump
{
    private static readonly Dictionary<string, SeedDump> _open = [];
    private readonly Lazy<SymbolTable> _symbols;

    private SeedDump(string id, byte[] bytes)
    {
        Id = id;
        Bytes = bytes;
        Target = KernelTarget.Open(new MemoryByteSource(bytes, id), AnalysisLimits.Default);
        _symbols = new(() => KallsymsSymbolSource.TryCreate(Target, out var k) ? k.CreateTable() : SymbolTable.Empty);
    }

    public string Id { get; }

    public byte[] Bytes { get; }

    public KernelTarget Target { get; }

    /// <summary>The kallsyms table read from the clean dump (run-time addresses).</summary>
    public SymbolTable Symbols => _symbols.Value;

    /// <summary>The clean kernel log's records.</summary>
    public KernelLog Log => KernelLogExtractor.Extract(Target);

    /// <summary>Opens <paramref name="id"/> once per process.</summary>
    public static SeedDump Get(SeedFiles seeds, string id)
    {
        lock (_open)
        {
            if (!_open.TryGetValue(id, out var d))
                _open[id] = d = new SeedDump(id, seeds.Bytes(seeds.DumpPath(id)));
            return d;
        }
    }

    /// <summary>An address from kallsyms, or a clear setup error.</summary>
    public ulong Symbol(string name) =>
        Symbols.TryGetAddress(name, out ulong a) ? a : throw new InvalidOperationException($"{Id}: kallsyms has no {name}");
}
