using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Unwind;

namespace Crashdesk.Analysis.Extractors.Backtrace;

/// <summary>
/// Names frame addresses: vmlinux symbols inside the kernel image (`_text` .. `_end`), module
/// text by the module's ORC range (its name) and, when the context's symbol table carries module
/// symbols (kallsyms of `struct module`), the function. A return address is looked up at pc − 1
/// (a call can be a function's last instruction), as drgn and the kernel's unwinder do.
/// </summary>
public sealed class FrameSymbolizer
{
    private readonly KernelContext _context;
    private readonly OrcIndex _orc;
    private readonly ulong _imageStart;
    private readonly ulong _imageEnd;
    private readonly ulong[] _textAddresses;
    private readonly KernelSymbol[] _textSymbols;
    private readonly Lazy<ModuleFunctionNames> _moduleNames;

    /// <summary>Creates a symbolizer.</summary>
    public FrameSymbolizer(KernelContext context, OrcIndex orc)
    {
        _context = context;
        _orc = orc;
        _imageStart = context.TryGetSymbolAddress("_text", out ulong s) ? s : context.TryGetSymbolAddress("_stext", out s) ? s : 0xffffffff80000000UL;
        _imageEnd = context.TryGetSymbolAddress("_end", out ulong e) ? e : 0xffffffffc0000000UL;
        (_textAddresses, _textSymbols) = TextIndex(context.Symbols.Symbols);
        _moduleNames = new Lazy<ModuleFunctionNames>(() => ModuleFunctionNames.Read(context));
    }

    // Text symbols by link-time address, one per address: a sized function beats a zero-size
    // label, and a label beats a section marker (`__sched_text_start` shares __schedule's address).
    private static (ulong[], KernelSymbol[]) TextIndex(IReadOnlyList<KernelSymbol> all)
    {
        var best = new Dictionary<ulong, KernelSymbol>();
        foreach (var s in all)
        {
            if (!s.IsText || s.Module is not null)
                continue;
            if (!best.TryGetValue(s.Address, out var current) || Rank(s) < Rank(current))
                best[s.Address] = s;
        }
        var addresses = best.Keys.ToArray();
        var symbols = best.Values.ToArray();
        Array.Sort(addresses, symbols);
        return (addresses, symbols);
    }

    private static int Rank(KernelSymbol s) =>
        s.Size > 0 ? 0
        : s.Name.StartsWith("__", StringComparison.Ordinal) && (s.Name.EndsWith("_start", StringComparison.Ordinal) || s.Name.EndsWith("_end", StringComparison.Ordinal)) ? 2
        : s.Name is "_text" or "_stext" or "_etext" or "_sinittext" or "_einittext" ? 2
        : 1;

    /// <summary>Start address of the vmlinux function containing <paramref name="pc"/> (an exact address), if known.</summary>
    public ulong? FunctionStart(ulong pc)
    {
        var (name, offset, module) = Resolve(pc, false);
        return name is not null && module is null ? pc - offset : null;
    }

    /// <summary>Function, offset from it, module for <paramref name="pc"/>.</summary>
    public (string? Function, ulong Offset, string? Module) Resolve(ulong pc, bool isReturnAddress)
    {
        ulong probe = isReturnAddress ? pc - 1 : pc;
        string? module = null;
        foreach (var m in _orc.Modules)
            if (probe >= m.Start && probe < m.End)
            {
                module = m.Owner;
                break;
            }
        bool inImage = probe >= _imageStart && probe < _imageEnd;
        if (inImage && _textAddresses.Length > 0)
        {
            ulong link = unchecked(probe - (ulong)_context.Symbols.KaslrOffset);
            int i = Array.BinarySearch(_textAddresses, link);
            if (i < 0)
                i = ~i - 1;
            if (i >= 0)
            {
                var sym = _textSymbols[i];
                return (sym.Name, pc - _context.Symbols.ToRuntime(sym.Address), null);
            }
        }
        if (module is not null && _moduleNames.Value.TryResolve(probe, out string moduleFunction, out ulong moduleOffset))
            return (moduleFunction, moduleOffset + (pc - probe), module);
        if ((inImage || module is not null) && _context.Symbols.TryResolve(probe, out var location))
        {
            // A vmlinux symbol can only name an address inside the image; a module address needs a
            // symbol of that module.
            bool symbolIsModule = location.Symbol.Module is not null;
            if (inImage != symbolIsModule)
                return (location.Symbol.Name, pc - location.SymbolAddress, module ?? location.Symbol.Module);
        }
        return (null, 0, module);
    }
}
