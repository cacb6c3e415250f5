namespace Crashdesk.Analysis.Reports;

/// <summary>
/// Which debug kernel an analysis used, so whoever reads the report knows what its symbols and types rest on, and
/// the debug kernels it refused because the pre-flight check found they belong to another build.
/// Filled by the service (library lookup by build-id); the CLI leaves it null.
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

    /// <summary>One line for people: "vmlinux (build-id …, release …)" or <see cref="NoneDescription"/>.</summary>
    public required string Description { get; init; }

    /// <summary>Why none was used when one was expected (e.g. its profile could not be read), else null.</summary>
    public string? Note { get; init; }

    /// <summary>Debug kernels attached to the case that do not match the dump: reported, never used.</summary>
    public IReadOnlyList<DebugKernelMismatch> Mismatches { get; init; } = [];
}
