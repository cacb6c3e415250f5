namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// Every ORC table of one crashed kernel at run-time addresses: vmlinux's and each loaded
/// module's (the kernel's `orc_find` → `orc_module_find`). Immutable, thread-safe.
/// </summary>
public sealed class OrcIndex
{
    private readonly OrcTable? _kernel;
    private readonly OrcTable[] _modules;

    /// <summary>Creates an index; <paramref name="kernel"/> may be null when neither vmlinux nor memory gave one.</summary>
    public OrcIndex(OrcTable? kernel, IEnumerable<OrcTable> modules, string origin)
    {
        _kernel = kernel;
        _modules = modules.OrderBy(m => m.Start).ToArray();
        Origin = origin;
    }

    /// <summary>Where the vmlinux table came from ("debug kernel", "kernel memory", "none").</summary>
    public string Origin { get; }

    /// <summary>The vmlinux table, if any.</summary>
    public OrcTable? Kernel => _kernel;

    /// <summary>The module tables, by start address.</summary>
    public IReadOnlyList<OrcTable> Modules => _modules;

    /// <summary>The entry covering <paramref name="ip"/> in vmlinux or a module.</summary>
    public bool TryFind(ulong ip, out OrcEntry entry)
    {
        if (_kernel is not null && _kernel.TryFind(ip, out entry))
            return true;
        foreach (var m in _modules)
            if (m.TryFind(ip, out entry))
                return true;
        entry = default;
        return false;
    }
}
