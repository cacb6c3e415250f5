namespace Crashdesk.Analysis.Types;

/// <summary>A type source that knows no types (no debug kernel, no BTF): extractors that need types report it.</summary>
public sealed class EmptyTypeSource : IKernelTypeSource
{
    /// <summary>The shared instance.</summary>
    public static EmptyTypeSource Instance { get; } = new();

    /// <inheritdoc />
    public bool TryFindType(string name, out KernelType type)
    {
        type = KernelType.Void;
        return false;
    }
}
