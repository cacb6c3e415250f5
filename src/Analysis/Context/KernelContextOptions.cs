using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Context;

/// <summary>Choices for <see cref="KernelContextFactory.Create(KernelTarget, Profiles.IKernelDebugInfo?, KernelContextOptions)"/>.</summary>
public sealed record KernelContextOptions
{
    /// <summary>The defaults: check the debug kernel, read modules and their symbols.</summary>
    public static KernelContextOptions Default { get; } = new();

    /// <summary>
    /// Check the debug kernel against the dump (build-id, release, banner) and refuse a mismatch
    /// with <see cref="KernelMismatchException"/>. Turn off only to inspect a known-wrong pairing.
    /// </summary>
    public bool CheckDebugKernel { get; init; } = true;

    /// <summary>Walk the `modules` list and add every module's own symbols to the symbol table.</summary>
    public bool ModuleSymbols { get; init; } = true;
}
