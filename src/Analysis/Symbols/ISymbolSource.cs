namespace Crashdesk.Analysis.Symbols;

/// <summary>
/// Where symbols come from: a vmlinux `.symtab` (<see cref="ElfSymbolSource"/>), a `System.map`
/// (<see cref="SystemMapSource"/>), and — added by the dump side — the kernel's kallsyms tables in
/// memory and each module's `mod_kallsyms`. A <see cref="SymbolTable"/> is built from one or more sources.
/// </summary>
public interface ISymbolSource
{
    /// <summary>What the symbols were read from, for reports ("vmlinux .symtab /path").</summary>
    string Description { get; }

    /// <summary>Reads every symbol once, with link-time addresses (KASLR not applied).</summary>
    IReadOnlyList<KernelSymbol> ReadSymbols();
}
