namespace Crashdesk.Core.Environments;

/// <summary>
/// What is known about the machine of a case (or of a named customer environment) at one version:
/// the hardware and OS sections (scalar <see cref="Fact"/>s keyed by <see cref="EnvironmentFields"/>),
/// the list sections, free notes, and what a source could not read (<see cref="Unknown"/>). Stored
/// as JSONB, one row per version (<c>environment_snapshots</c>); the API sends it as it is.
/// </summary>
public sealed record EnvironmentDocument
{
    public static readonly EnvironmentDocument Empty = new();

    /// <summary>Hardware and firmware: vendor, product, BIOS, CPU, memory, NUMA (keys: <see cref="EnvironmentFields.HardwareFields"/>).</summary>
    public IReadOnlyDictionary<string, Fact> Hardware { get; init; } = new Dictionary<string, Fact>();

    /// <summary>Distribution, kernel, boot command line, taint, security module, time zone (keys: <see cref="EnvironmentFields.OsFields"/>).</summary>
    public IReadOnlyDictionary<string, Fact> Os { get; init; } = new Dictionary<string, Fact>();

    /// <summary>Selected kernel tunables (part of the OS section).</summary>
    public FactList<SysctlFact>? Sysctls { get; init; }

    /// <summary>Loaded kernel modules with versions and taints.</summary>
    public FactList<ModuleFact>? Modules { get; init; }

    /// <summary>Installed packages.</summary>
    public FactList<PackageFact>? Packages { get; init; }

    /// <summary>Middleware and applications with free configuration notes.</summary>
    public FactList<ApplicationFact>? Applications { get; init; }

    /// <summary>Free notes about the environment (Markdown).</summary>
    public Fact? Notes { get; init; }

    /// <summary>Facts a source tried and could not read, with why (a fact not read is unknown, never a default).</summary>
    public IReadOnlyList<FactGap> Unknown { get; init; } = [];

    /// <summary>The scalar fact at <paramref name="field"/>, or null.</summary>
    public Fact? Get(EnvironmentField field) =>
        (field.Section == EnvironmentFields.Hardware ? Hardware : Os).GetValueOrDefault(field.Key);

    /// <summary>True when nothing at all is known.</summary>
    public bool IsEmpty => Hardware.Count == 0 && Os.Count == 0 && Sysctls is null && Modules is null
        && Packages is null && Applications is null && Notes is null && Unknown.Count == 0;
}
