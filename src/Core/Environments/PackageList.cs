namespace Crashdesk.Core.Environments;

/// <summary>What <see cref="PackageListParser"/> read: the packages, in the list's order, and the lines it could not read.</summary>
public sealed record PackageList(PackageListFormat Format, IReadOnlyList<PackageFact> Packages, IReadOnlyList<PackageListProblem> Problems);
