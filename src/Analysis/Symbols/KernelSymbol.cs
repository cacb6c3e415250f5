namespace Crashdesk.Analysis.Symbols;

/// <summary>
/// One kernel symbol at its link-time (unrelocated) address. KASLR is applied by
/// <see cref="SymbolTable"/>, never stored here, so one profile serves every boot of the kernel.
/// </summary>
/// <param name="Name">Symbol name (`sysrq_handle_crash`).</param>
/// <param name="Address">Link-time address (vmlinux / System.map value).</param>
/// <param name="Size">Size in bytes if the source knows it (ELF st_size), else 0.</param>
/// <param name="Type">nm-style letter: T/t text, D/d data, R/r read-only, B/b bss, A absolute, W/w weak.</param>
/// <param name="Module">Owning module name, null for vmlinux.</param>
public sealed record KernelSymbol(string Name, ulong Address, ulong Size, char Type, string? Module = null)
{
    /// <summary>True for code (T/t/W/w): the candidates for a return address.</summary>
    public bool IsText => Type is 'T' or 't' or 'W' or 'w';

    /// <summary>True for symbols with no address meaning (absolute values such as `__crc_*`).</summary>
    public bool IsAbsolute => Type is 'A' or 'a';

    /// <summary>True for global (upper-case letter) symbols.</summary>
    public bool IsGlobal => char.IsAsciiLetterUpper(Type);
}
