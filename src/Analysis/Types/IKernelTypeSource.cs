namespace Crashdesk.Analysis.Types;

/// <summary>
/// Finds kernel types by name: DWARF (<c>Dwarf.DwarfInfo</c>), a kernel profile, later BTF.
/// Names are C spellings: "struct task_struct", "union thread_union", "enum pid_type", or a bare
/// typedef/base type name ("atomic_t", "unsigned int").
/// </summary>
public interface IKernelTypeSource
{
    /// <summary>Looks a type up by its C spelling; false if the source has no complete definition.</summary>
    bool TryFindType(string name, out KernelType type);
}
