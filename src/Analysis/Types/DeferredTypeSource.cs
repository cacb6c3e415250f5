namespace Crashdesk.Analysis.Types;

/// <summary>
/// A type source opened on first use (reading the kernel's BTF from a dump costs megabytes of page
/// reads that symbol-only consumers should not pay). A failure to open is rethrown on every use,
/// so a corrupt blob is reported as corrupt rather than as "type not found".
/// </summary>
public sealed class DeferredTypeSource(Func<IKernelTypeSource> open) : IKernelTypeSource
{
    private readonly Lazy<IKernelTypeSource> _source = new(open, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The opened source (opens it now).</summary>
    public IKernelTypeSource Source => _source.Value;

    /// <inheritdoc />
    public bool TryFindType(string name, out KernelType type) => _source.Value.TryFindType(name, out type);
}
