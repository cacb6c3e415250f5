namespace Crashdesk.Core.Environments;

/// <summary>An installed package: <c>dpkg -l</c>'s name/version/architecture, or <c>rpm -qa</c>'s NEVRA split.</summary>
/// <param name="Name">Package name without the architecture qualifier (<c>libc6</c>, not <c>libc6:amd64</c>).</param>
/// <param name="Version">The full version (epoch:version-release), as the package manager prints it.</param>
/// <param name="Arch">The architecture, when the list gives one (<c>amd64</c>, <c>x86_64</c>, <c>all</c>, <c>noarch</c>).</param>
public sealed record PackageFact(string Name, string Version, string? Arch);
