
namespace Crashdesk.Analysis.Context.Modules;

/// <summary>
/// A module's own symbol table in memory (`struct mod_kallsyms`, kernel/module/kallsyms.c at v6.1:
/// `Elf64_Sym *symtab; unsigned int num_symtab; char *strtab; char *typetab;`).
/// </summary>
/// <param name="Symtab">Address of the Elf64_Sym array.</param>
/// <param name="Count">Entries in it (entry 0 is the ELF null symbol).</param>
/// <param name="Strtab">Address of the string table the st_name offsets index.</param>
/// <param name="Typetab">Address of one nm type letter per symbol (4.11+), 0 when absent.</param>
public sealed record ModuleKallsyms(ulong Symtab, int Count, ulong Strtab, ulong Typetab);
