using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// A kernel.org version: <c>VERSION.PATCHLEVEL[.SUBLEVEL][-rcN]</c> (the kernel's top Makefile),
/// a mainline release (<c>6.8</c>), a release candidate (<c>6.8-rc3</c>) or a stable release
/// (<c>6.1.76</c>). Its <see cref="Series"/> (<c>6.1</c>) is the stable line it belongs to.
/// </summary>
/// <remarks>
/// The order is numeric per field, a missing sublevel is 0 (<c>6.8</c> = <c>6.8.0</c>: the
/// kernel's own KERNELRELEASE for v6.8 is "6.8.0"), and a release candidate comes before its
/// release (<c>6.8-rc7</c> &lt; <c>6.8</c>), as on kernel.org. No value equality: ask <see cref="Compare(UpstreamKernelVersion, UpstreamKernelVersion)"/>.
/// </remarks>
public sealed partial class UpstreamKernelVersion : IComparable<UpstreamKernelVersion>
{
    private UpstreamKernelVersion(int major, int minor, int? sublevel, int? releaseCandidate, string text)
    {
        Major = major;
        Minor = minor;
        Sublevel = sublevel;
        ReleaseCandidate = releaseCandidate;
        Text = text;
    }

    public int Major { get; }

    public int Minor { get; }

    /// <summary>The stable release number; null when the text has none (a mainline release or candidate).</summary>
    public int? Sublevel { get; }

    /// <summary>N of <c>-rcN</c>; null for a release.</summary>
    public int? ReleaseCandidate { get; }

    /// <summary>The version as given.</summary>
    public string Text { get; }

    /// <summary>The stable line: <c>6.1</c> for 6.1.76.</summary>
    public string Series => $"{Major}.{Minor}";

    [GeneratedRegex(@"^(?<major>\d{1,4})\.(?<minor>\d{1,4})(?:\.(?<sublevel>\d{1,6}))?(?:-rc(?<rc>\d{1,4}))?$")]
    private static partial Regex Shape();

    /// <summary>Reads exactly <c>6.1</c>, <c>6.1.76</c>, <c>6.8-rc3</c> or <c>6.8.0-rc3</c>; anything else is refused.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out UpstreamKernelVersion? version)
    {
        version = null;
        var m = Shape().Match(text ?? "");
        if (!m.Success)
            return false;
        version = new UpstreamKernelVersion(
            Number(m.Groups["major"]),
            Number(m.Groups["minor"]),
            m.Groups["sublevel"].Success ? Number(m.Groups["sublevel"]) : null,
            m.Groups["rc"].Success ? Number(m.Groups["rc"]) : null,
            text!);
        return true;
    }

    [GeneratedRegex(@"^(?<major>\d{1,4})\.(?<minor>\d{1,4})(?:\.(?<sublevel>\d{1,6}))?(?:-rc(?<rc>\d{1,4}))?(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex Leading();

    /// <summary>
    /// The version a kernel release (<c>uname -r</c>) starts with, and what follows it (the local
    /// version, <c>-56-cloud-amd64</c> of <c>6.1.0-56-cloud-amd64</c>); the version's text is the
    /// part read (<c>6.8.0-rc3</c> of <c>6.8.0-rc3+</c>).
    /// </summary>
    internal static bool TryReadLeading(string release, [NotNullWhen(true)] out UpstreamKernelVersion? version, out string rest)
    {
        version = null;
        rest = "";
        var m = Leading().Match(release);
        if (!m.Success)
            return false;
        rest = m.Groups["rest"].Value;
        version = new UpstreamKernelVersion(
            Number(m.Groups["major"]),
            Number(m.Groups["minor"]),
            m.Groups["sublevel"].Success ? Number(m.Groups["sublevel"]) : null,
            m.Groups["rc"].Success ? Number(m.Groups["rc"]) : null,
            release[..m.Groups["rest"].Index]);
        return true;
    }

    /// <summary>Orders two version texts; both must be readable by <see cref="TryParse"/>.</summary>
    /// <exception cref="FormatException">A text that is no kernel.org version.</exception>
    public static int Compare(string a, string b) => Compare(ParseOrThrow(a), ParseOrThrow(b));

    public static int Compare(UpstreamKernelVersion a, UpstreamKernelVersion b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int order = a.Major.CompareTo(b.Major);
        if (order == 0)
            order = a.Minor.CompareTo(b.Minor);
        if (order == 0)
            order = (a.Sublevel ?? 0).CompareTo(b.Sublevel ?? 0);
        if (order == 0)
            order = (a.ReleaseCandidate ?? int.MaxValue).CompareTo(b.ReleaseCandidate ?? int.MaxValue);
        return Math.Sign(order);
    }

    public int CompareTo(UpstreamKernelVersion? other) => other is null ? 1 : Compare(this, other);

    public override string ToString() => Text;

    private static UpstreamKernelVersion ParseOrThrow(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a kernel.org version (6.1, 6.1.76 or 6.8-rc3)");

    private static int Number(Group group) => int.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
}
