namespace Crashdesk.Analysis.Symbols;

/// <summary>An address resolved to the nearest symbol at or below it (crash `sym`, `bt`).</summary>
/// <param name="Symbol">The symbol (link-time address).</param>
/// <param name="Address">The runtime address that was resolved.</param>
/// <param name="SymbolAddress">The symbol's runtime address (link-time + KASLR offset).</param>
public sealed record SymbolLocation(KernelSymbol Symbol, ulong Address, ulong SymbolAddress)
{
    /// <summary>Bytes from the symbol's start.</summary>
    public ulong Offset => Address - SymbolAddress;

    /// <summary>crash's `function+offset` (decimal offset, no `+0`), with ` [module]` for module symbols.</summary>
    public override string ToString() =>
        (Offset == 0 ? Symbol.Name : $"{Symbol.Name}+{Offset}") + (Symbol.Module is null ? "" : $" [{Symbol.Module}]");
}
