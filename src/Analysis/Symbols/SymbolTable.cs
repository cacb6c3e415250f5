namespace Crashdesk.Analysis.Symbols;

/// <summary>
/// Immutable, thread-safe symbol table: lookup by name, and by runtime address to the nearest
/// symbol at or below it (binary search over addresses sorted once). Addresses are stored at link
/// time; <see cref="KaslrOffset"/> (VMCOREINFO `KERNELOFFSET`) is added on the way out and
/// subtracted on the way in, so the same table serves every boot of the kernel.
/// </summary>
public sealed class SymbolTable
{
    private readonly KernelSymbol[] _all;
    private readonly KernelSymbol[] _byAddress;
    private readonly ulong[] _addresses;
    private readonly Dictionary<string, KernelSymbol> _byName;

    private SymbolTable(KernelSymbol[] all, KernelSymbol[] byAddress, ulong[] addresses, Dictionary<string, KernelSymbol> byName, long kaslrOffset)
    {
        _all = all;
        _byAddress = byAddress;
        _addresses = addresses;
        _byName = byName;
        KaslrOffset = kaslrOffset;
    }

    /// <summary>An empty table.</summary>
    public static SymbolTable Empty { get; } = Create(Array.Empty<KernelSymbol>());

    /// <summary>The KASLR slide added to every link-time address (0 for an unrelocated kernel).</summary>
    public long KaslrOffset { get; }

    /// <summary>Every symbol in source order, link-time addresses.</summary>
    public IReadOnlyList<KernelSymbol> Symbols => _all;

    /// <summary>Number of symbols.</summary>
    public int Count => _all.Length;

    /// <summary>Builds a table from the symbols of one or more sources (later sources do not override earlier names).</summary>
    public static SymbolTable Create(IEnumerable<KernelSymbol> symbols, long kaslrOffset = 0)
    {
        var all = symbols as KernelSymbol[] ?? symbols.ToArray();
        if (all.Length > AnalysisLimits.Default.MaxSymbols)
            throw new DumpFormatException($"{all.Length} symbols exceed the limit {AnalysisLimits.Default.MaxSymbols}");
        var byName = new Dictionary<string, KernelSymbol>(all.Length, StringComparer.Ordinal);
        foreach (var s in all)
        {
            // A global wins over a local of the same name (several files have a static `foo`).
            if (!byName.TryGetValue(s.Name, out var existing) || (!existing.IsGlobal && s.IsGlobal))
                byName[s.Name] = s;
        }
        var byAddress = all.Where(s => !s.IsAbsolute).ToArray();
        // Stable order among aliases: text before data, global before local, then source order
        // (Array.Sort is unstable, so the source index breaks ties).
        var keys = new (ulong Address, int Rank, int Index)[byAddress.Length];
        for (int i = 0; i < byAddress.Length; i++)
            keys[i] = (byAddress[i].Address, (byAddress[i].IsText ? 0 : 2) + (byAddress[i].IsGlobal ? 0 : 1), i);
        Array.Sort(keys, byAddress);
        var addresses = new ulong[byAddress.Length];
        for (int i = 0; i < byAddress.Length; i++)
            addresses[i] = byAddress[i].Address;
        return new SymbolTable(all, byAddress, addresses, byName, kaslrOffset);
    }

    /// <summary>Builds a table from sources, in order.</summary>
    public static SymbolTable Create(IEnumerable<ISymbolSource> sources, long kaslrOffset = 0) =>
        Create(sources.SelectMany(s => s.ReadSymbols()), kaslrOffset);

    /// <summary>The same symbols with another KASLR offset (shares the arrays; O(1)).</summary>
    public SymbolTable WithKaslrOffset(long kaslrOffset) => new(_all, _byAddress, _addresses, _byName, kaslrOffset);

    /// <summary>Finds a symbol by exact name.</summary>
    public bool TryGetSymbol(string name, out KernelSymbol symbol) => _byName.TryGetValue(name, out symbol!);

    /// <summary>Runtime address (KASLR applied) of a named symbol.</summary>
    public bool TryGetAddress(string name, out ulong address)
    {
        if (_byName.TryGetValue(name, out var s))
        {
            address = ToRuntime(s.Address);
            return true;
        }
        address = 0;
        return false;
    }

    /// <summary>Link-time address plus the KASLR offset.</summary>
    public ulong ToRuntime(ulong linkAddress) => unchecked(linkAddress + (ulong)KaslrOffset);

    /// <summary>
    /// Resolves a runtime address to the nearest symbol at or below it. Fails below the first
    /// symbol and past the last one (module addresses lie above vmlinux's `_end`).
    /// </summary>
    public bool TryResolve(ulong address, out SymbolLocation location)
    {
        location = null!;
        ulong link = unchecked(address - (ulong)KaslrOffset);
        int i = Array.BinarySearch(_addresses, link);
        if (i < 0)
            i = ~i - 1;
        else
            while (i > 0 && _addresses[i - 1] == link)
                i--; // first (preferred) alias at this address
        if (i < 0)
            return false;
        // Walk back to the first alias of the nearest lower address.
        while (i > 0 && _addresses[i - 1] == _addresses[i])
            i--;
        var s = _byAddress[i];
        // Past the last symbol (vmlinux ends with `_end`): module or vmalloc addresses are not ours.
        if (i == _byAddress.Length - 1 && (s.Size > 0 ? link - s.Address >= s.Size : link != s.Address))
            return false;
        location = new SymbolLocation(s, address, ToRuntime(s.Address));
        return true;
    }
}
