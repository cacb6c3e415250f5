namespace Crashdesk.Core.Environments.Comparison;

/// <summary>What differs between two environments, most likely to matter first.</summary>
/// <param name="Facts">Hardware and OS fields whose values differ (one side may be unknown), by weight.</param>
/// <param name="CommandLine">Boot parameters only on one side or with different values; null when either side has no command line.</param>
/// <param name="Packages">Packages added, removed or changed, kernel/firmware/drivers first; empty when either side has no package list (see <see cref="PackagesCompared"/>).</param>
/// <param name="Modules">Modules loaded on one side only, or with another version or taint.</param>
/// <param name="Sysctls">Tunables that differ.</param>
/// <param name="Applications">Applications that differ.</param>
/// <param name="PackagesCompared">False when one side has no package list: then nothing can be said about packages.</param>
/// <param name="SamePackages">Packages with the same version on both sides.</param>
public sealed record EnvironmentComparison(
    IReadOnlyList<FactDifference> Facts,
    IReadOnlyList<ItemDifference>? CommandLine,
    IReadOnlyList<PackageDifference> Packages,
    IReadOnlyList<ItemDifference> Modules,
    IReadOnlyList<ItemDifference> Sysctls,
    IReadOnlyList<ItemDifference> Applications,
    bool PackagesCompared,
    int SamePackages)
{
    public bool IsSame => Facts.Count == 0 && (CommandLine?.Count ?? 0) == 0 && Packages.Count == 0 && Modules.Count == 0
        && Sysctls.Count == 0 && Applications.Count == 0;
}

/// <summary>A hardware or OS field with different values (null: unknown on that side).</summary>
public sealed record FactDifference(string Path, string Label, string? Left, string? Right);

/// <summary>One named item (boot parameter, module, sysctl, application) that differs; a null side is absent there.</summary>
public sealed record ItemDifference(string Name, string? Left, string? Right)
{
    public string Change => Left is null ? "added" : Right is null ? "removed" : "changed";
}

/// <summary>A package added (only on the right), removed (only on the left) or changed (another version).</summary>
public sealed record PackageDifference(string Name, string? Arch, string? Left, string? Right, int Relevance)
{
    public string Change => Left is null ? "added" : Right is null ? "removed" : "changed";

    public string RelevanceLabel => PackageRelevance.Label(Relevance);
}
