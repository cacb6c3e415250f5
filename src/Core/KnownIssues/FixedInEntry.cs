using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// One "fixed in" version of a known issue, on one kernel line: <c>6.1.76</c> (a kernel.org stable
/// or mainline release), <c>Debian 6.1.76-1</c>, <c>Ubuntu 5.15.0-100.110</c> (or <c>Ubuntu aws
/// 5.15.0-1051.56</c> for a derivative kernel), <c>RHEL 9.3 kernel-5.14.0-362.8.1</c>,
/// <c>Fedora 39 kernel-6.5.6-300.fc39</c>.
/// </summary>
/// <param name="Text">The entry as written, blanks collapsed; sentences quote it.</param>
/// <param name="Line">The kernel line it is a fix for.</param>
/// <param name="Version">
/// The version compared with a kernel's: the kernel.org version, the Debian package version (a
/// backport's rebuild suffix dropped), the Ubuntu ABI version (a hardware-enablement suffix dropped),
/// RHEL's or Fedora's version-release without dist tag.
/// </param>
/// <param name="MinorRelease">The RHEL minor release named (3 of <c>RHEL 9.3</c>); it does not change the line.</param>
public sealed partial record FixedInEntry(string Text, KernelLine Line, string Version, int? MinorRelease)
{
    private const string Forms = "6.1.76, Debian 6.1.76-1, Ubuntu 5.15.0-100.110, RHEL 9.3 kernel-5.14.0-362.8.1 or Fedora 39 kernel-6.5.6-300";

    [GeneratedRegex(@"^v?(?<version>\d[\d.rc-]*)$")]
    private static partial Regex Upstream();

    [GeneratedRegex(@"^Debian (?<version>\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Debian();

    [GeneratedRegex(@"^Ubuntu (?:(?<flavour>[a-z][a-z0-9-]*) )?(?<version>\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Ubuntu();

    [GeneratedRegex(@"^(?<base>(?<series>\d+\.\d+)\.\d+)-(?<abi>\d+)\.(?<upload>\d+)(?<backport>~\d+\.\d+(?:\.\d+)?)?$")]
    private static partial Regex UbuntuVersion();

    [GeneratedRegex(@"^(?<distro>RHEL|CentOS|Rocky|AlmaLinux|Alma|Fedora) (?<major>\d+)(?:\.(?<minor>\d+))? (?<package>\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Rpm();

    /// <summary>The kernel package's version-release; the dist tag and architecture after it are optional.</summary>
    [GeneratedRegex(@"^(?:kernel-)?(?<vr>(?:\d+:)?\d+\.\d+\.\d+-[0-9A-Za-z_+~^]+(?:\.[0-9A-Za-z_+~^]+)*?)(?:\.(?<dist>el(?<el>\d+)(?:_(?<minor>\d+))?|fc(?<fc>\d+)))?(?:\.(?:x86_64|aarch64|ppc64le|ppc64|s390x|i686|noarch))?$")]
    private static partial Regex RpmPackage();

    /// <summary>Reads one entry; <paramref name="error"/> is a sentence naming the text when it is none of the forms.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out FixedInEntry? entry, [NotNullWhen(false)] out string? error)
    {
        entry = null;
        string written = string.Join(' ', (text ?? "").Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        error = written.Length == 0 ? "a fixed-in version is empty; write one like " + Forms : null;
        if (error is not null)
            return false;
        Match m;
        if ((m = Upstream().Match(written)).Success)
            entry = ReadUpstream(written, m.Groups["version"].Value, out error);
        else if ((m = Debian().Match(written)).Success)
            entry = ReadDebian(written, m.Groups["version"].Value, out error);
        else if ((m = Ubuntu().Match(written)).Success)
            entry = ReadUbuntu(written, m.Groups["flavour"], m.Groups["version"].Value, out error);
        else if ((m = Rpm().Match(written)).Success)
            entry = ReadRpm(written, m, out error);
        else
            error = $"'{written}' is not a fixed-in version; write one like {Forms}";
        return entry is not null;
    }

    private static FixedInEntry? ReadUpstream(string written, string version, out string? error)
    {
        error = null;
        if (UpstreamKernelVersion.TryParse(version, out var upstream))
            return new FixedInEntry(written, KernelLine.Upstream(upstream.Series), upstream.Text, null);
        error = $"'{written}' is not a kernel.org version (6.1.76, 6.8 or 6.8-rc3)";
        return null;
    }

    private static FixedInEntry? ReadDebian(string written, string text, out string? error)
    {
        if (!DebianVersion.TryRead(text, out var version, out string? reason))
        {
            error = $"'{written}' is not a Debian version: {reason}";
            return null;
        }
        error = null;
        if (!DebianKernelRelease.TryUpstream(version.Upstream, out var upstream))
        {
            error = $"'{written}' is no Debian kernel version: its upstream part {version.Upstream} is not a kernel.org version";
            return null;
        }
        return new FixedInEntry(written, new KernelLine(KernelKind.Debian, upstream.Series), DebianKernelRelease.Comparable(version.Text), null);
    }

    private static FixedInEntry? ReadUbuntu(string written, Group flavour, string text, out string? error)
    {
        error = null;
        var m = UbuntuVersion().Match(text);
        if (!m.Success)
        {
            error = $"'{written}' is no Ubuntu kernel version: write its ABI version, like Ubuntu 5.15.0-100.110";
            return null;
        }
        string series = m.Groups["series"].Value;
        bool derivative = int.Parse(m.Groups["abi"].ValueSpan, CultureInfo.InvariantCulture) >= UbuntuKernelRelease.FirstDerivativeAbi;
        if (derivative && !flavour.Success)
            error = $"'{written}' has a derivative kernel's ABI ({m.Groups["abi"].Value}): name its flavour, like Ubuntu aws {text}";
        else if (!derivative && flavour.Success)
            error = $"'{written}' names a flavour, but ABI {m.Groups["abi"].Value} is the main kernel's; write Ubuntu {text}";
        if (error is not null)
            return null;
        if (derivative)
            series += " " + flavour.Value.ToLowerInvariant();
        string version = $"{m.Groups["base"].Value}-{m.Groups["abi"].Value}.{m.Groups["upload"].Value}";
        return new FixedInEntry(written, new KernelLine(KernelKind.Ubuntu, series), version, null);
    }

    private static FixedInEntry? ReadRpm(string written, Match m, out string? error)
    {
        error = null;
        bool fedora = m.Groups["distro"].Value.Equals("Fedora", StringComparison.OrdinalIgnoreCase);
        string major = m.Groups["major"].Value;
        int? minor = m.Groups["minor"].Success ? int.Parse(m.Groups["minor"].ValueSpan, CultureInfo.InvariantCulture) : null;
        var package = RpmPackage().Match(m.Groups["package"].Value);
        if (fedora && minor is not null)
            error = $"'{written}' names Fedora {major}.{minor}; Fedora releases have no minor number";
        else if (!package.Success)
            error = $"'{written}' does not name a kernel package's version-release, like kernel-5.14.0-362.8.1";
        else if (package.Groups["dist"].Success && !DistTagAgrees(package, fedora, major, minor))
            error = $"'{written}' has the dist tag {package.Groups["dist"].Value}, which is not {(fedora ? "Fedora" : "RHEL")} {major}{(minor is null ? "" : $".{minor}")}";
        if (error is not null)
            return null;
        var line = new KernelLine(fedora ? KernelKind.Fedora : KernelKind.Rhel, major);
        return new FixedInEntry(written, line, package.Groups["vr"].Value, fedora ? null : minor);
    }

    private static bool DistTagAgrees(Match package, bool fedora, string major, int? minor)
    {
        if (fedora)
            return package.Groups["fc"].Value == major;
        if (package.Groups["el"].Value != major)
            return false;
        return minor is null || !package.Groups["minor"].Success || package.Groups["minor"].Value == minor.Value.ToString(CultureInfo.InvariantCulture);
    }
}
