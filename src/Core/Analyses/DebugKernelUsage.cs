namespace Crashdesk.Core.Analyses;

/// <summary>
/// Which debug kernel an analysis used — the organisation's library entry of the dump's build-id, or
/// none — and the debug kernels attached to the case that it refused because the pre-flight check
/// found they belong to another build. The service's record, stored beside the engine's report
/// (<c>reports.debug_kernel</c>); the engine itself knows nothing of the library.
/// </summary>
public sealed record DebugKernelUsage
{
    /// <summary>What is printed when none was used: symbols and types came from the dump itself.</summary>
    public const string NoneDescription = "none (kallsyms/BTF from the dump)";

    /// <summary>True when a debug kernel (through its kernel profile) was given to the extractors.</summary>
    public bool Used { get; init; }

    /// <summary>Lower-case hex GNU build-id of the debug kernel used.</summary>
    public string? BuildId { get; init; }

    /// <summary>Its release (`uname -r`).</summary>
    public string? Release { get; init; }

    /// <summary>The file name it was uploaded as.</summary>
    public string? FileName { get; init; }

    /// <summary>The service's debug-kernel library id.</summary>
    public Guid? LibraryId { get; init; }

    /// <summary>Where the library entry came from: "upload", or the debuginfod URL it was fetched from.</summary>
    public string? Origin { get; init; }

    /// <summary>One line for people: "vmlinux (build-id …, release …)" or <see cref="NoneDescription"/>.</summary>
    public required string Description { get; init; }

    /// <summary>Why none was used when one was expected (e.g. its profile could not be read), else null.</summary>
    public string? Note { get; init; }

    /// <summary>Debug kernels attached to the case that do not match the dump: reported, never used.</summary>
    public IReadOnlyList<DebugKernelMismatch> Mismatches { get; init; } = [];
}
