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
    private readonly int[] _order;
    private readonly KernelSymbol[] _byAddress;
    private readonly ulong[] _addresses;
    private readonly Lazy<Dictionary<string, KernelSymbol>> _byName;

    private SymbolTable(KernelSymbol[] all, int[] order, KernelSymbol[] byAddress, ulong[] addresses, Lazy<Dictionary<string, KernelSymbol>> byName, long kaslrOffset)
    {
        _all = all;
        _order = order;
        _byAddress = byAddress;
        _addresses = addresses;
        _byName = byName;
        KaslrOffset = kaslrOffset;
    }

    /// <summary>Indices into <see cref="Symbols"/> of the address-resolvable symbols in resolution order (for serialisers).</summary>
    public IReadOnlyList<int> AddressOrder => _order;

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
        return FromOrder(all, SortedOrder(all, 0, all.Length), kaslrOffset);
    }

    /// <summary>
    /// This table plus <paramref name="more"/> (module symbols), as <see cref="Create(IEnumerable{KernelSymbol}, long)"/>
    /// of the concatenation would build it, but sorting only the new symbols and merging them into
    /// the existing order (the kernel's 100 000+ symbols are sorted once, not per dump).
    /// </summary>
    public SymbolTable WithAdditional(IEnumerable<KernelSymbol> more)
    {
        var extra = more as KernelSymbol[] ?? more.ToArray();
        if (extra.Length == 0)
            return this;
        if ((long)_all.Length + extra.Length > AnalysisLimits.Default.MaxSymbols)
            throw new DumpFormatException($"{(long)_all.Length + extra.Length} symbols exceed the limit {AnalysisLimits.Default.MaxSymbols}");
        var all = new KernelSymbol[_all.Length + extra.Length];
        _all.CopyTo(all, 0);
        extra.CopyTo(all, _all.Length);
        int[] added = SortedOrder(all, _all.Length, all.Length);
        var order = new int[_order.Length + added.Length];
        int a = 0, b = 0, o = 0;
        while (a < _order.Length && b < added.Length)
        {
            // Ties keep the existing symbol first: its source index is lower, as in a full sort.
            order[o++] = Key(all, _order[a]).CompareTo(Key(all, added[b])) <= 0 ? _order[a++] : added[b++];
        }
        while (a < _order.Length)
            order[o++] = _order[a++];
        while (b < added.Length)
            order[o++] = added[b++];
        // The name index grows from this table's (built once, copied in bulk) rather than from scratch.
        var previous = _byName;
        var byName = new Lazy<Dictionary<string, KernelSymbol>>(() =>
        {
            var d = new Dictionary<string, KernelSymbol>(previous.Value, StringComparer.Ordinal);
            foreach (var s in extra)
                AddByName(d, s);
            return d;
        });
        return FromOrder(all, order, KaslrOffset, byName);
    }

    /// <summary>A global wins over a local of the same name (several files have a static `foo`); else the first one.</summary>
    private static void AddByName(Dictionary<string, KernelSymbol> d, KernelSymbol s)
    {
        if (!d.TryGetValue(s.Name, out var existing) || (!existing.IsGlobal && s.IsGlobal))
            d[s.Name] = s;
    }

    /// <summary>
    /// Indices <paramref name="from"/>..<paramref name="to"/> of the address-resolvable symbols, sorted
    /// by address; aliases: text before data, global before local, then source order (Array.Sort is
    /// unstable, so the source index breaks ties).
    /// </summary>
    private static int[] SortedOrder(KernelSymbol[] all, int from, int to)
    {
        var keys = new OrderKey[to - from];
        int n = 0;
        for (int i = from; i < to; i++)
            if (!all[i].IsAbsolute)
                keys[n++] = Key(all, i);
        Array.Sort(keys, 0, n);
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = keys[i].Index;
        return order;
    }

    private static OrderKey Key(KernelSymbol[] all, int i) =>
        new(all[i].Address, (all[i].IsText ? 0 : 2) + (all[i].IsGlobal ? 0 : 1), i);

    private readonly record struct OrderKey(ulong Address, int Rank, int Index) : IComparable<OrderKey>
    {
        public int CompareTo(OrderKey other) =>
            Address != other.Address ? Address.CompareTo(other.Address) : Rank != other.Rank ? Rank.CompareTo(other.Rank) : Index.CompareTo(other.Index);
    }

    /// <summary>
    /// Rebuilds a table from symbols and a stored <see cref="AddressOrder"/> (a profile), skipping
    /// the sort; the order is checked (indices in range, addresses not decreasing).
    /// </summary>
    public static SymbolTable CreateWithOrder(KernelSymbol[] all, int[] order, long kaslrOffset = 0)
    {
        ulong previous = 0;
        foreach (int i in order)
        {
            if ((uint)i >= (uint)all.Length || all[i].Address < previous || all[i].IsAbsolute)
                throw new DumpFormatException($"symbol address order is corrupt at index {i} (of {all.Length} symbols)");
            previous = all[i].Address;
        }
        return FromOrder(all, order, kaslrOffset);
    }

    private static SymbolTable FromOrder(KernelSymbol[] all, int[] order, long kaslrOffset, Lazy<Dictionary<string, KernelSymbol>>? byName = null)
    {
        var byAddress = new KernelSymbol[order.Length];
        var addresses = new ulong[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            byAddress[i] = all[order[i]];
            addresses[i] = byAddress[i].Address;
        }
        // Built on first name lookup: address resolution (backtraces) does not need it.
        byName ??= new Lazy<Dictionary<string, KernelSymbol>>(() =>
        {
            var d = new Dictionary<string, KernelSymbol>(all.Length, StringComparer.Ordinal);
            foreach (var s in all)
                AddByName(d, s);
            return d;
        });
        return new SymbolTable(all, order, byAddress, addresses, byName, kaslrOffset);
    }

    /// <summary>Builds a table from sources, in order.</summary>
    public static SymbolTable Create(IEnumerable<ISymbolSource> sources, long kaslrOffset = 0) =>
        Create(sources.SelectMany(s => s.ReadSymbols()), kaslrOffset);

    /// <summary>The same symbols with another KASLR offset (shares the arrays; O(1)).</summary>
    public SymbolTable WithKaslrOffset(long kaslrOffset) => new(_all, _order, _byAddress, _addresses, _byName, kaslrOffset);

    /// <summary>Finds a symbol by exact name.</summary>
    public bool TryGetSymbol(string name, out KernelSymbol symbol) => _byName.Value.TryGetValue(name, out symbol!);

    /// <summary>Runtime address (KASLR applied) of a named symbol.</summary>
    public bool TryGetAddress(string name, out ulong address)
    {
        if (_byName.Value.TryGetValue(name, out var s))
        {
            address = ToRuntime(s.Address);
            return true;
        }
        address = 0;
        return false;
    }

    /// <summary>Link-time address plus the KASLR offset.</summary>
    public ulong ToRuntime(ulong linkAddress) => unchecked(linkAddress + (ulong)KaslrOffset);

    /// <summary>Every address-resolvable symbol at link-time address <paramref name="linkAddress"/> (aliases), in resolution order.</summary>
    public IReadOnlyList<KernelSymbol> AliasesAt(ulong linkAddress)
    {
        int i = Array.BinarySearch(_addresses, linkAddress);
        if (i < 0)
            return [];
        while (i > 0 && _addresses[i - 1] == linkAddress)
            i--;
        int end = i;
        while (end < _addresses.Length && _addresses[end] == linkAddress)
            end++;
        return _byAddress[i..end];
    }

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
