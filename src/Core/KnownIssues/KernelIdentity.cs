namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// Which line a kernel is on and its version there, read from its release (<c>uname -r</c>) and
/// build string (<c>uname -v</c>). A shape this does not know gives <see cref="KernelKind.Unknown"/>
/// with the <see cref="Reason"/>, never a guess: a wrong version makes a wrong "has the fix".
/// </summary>
/// <param name="Kind">Whose version scheme orders <see cref="Version"/>.</param>
/// <param name="Release">The release as given.</param>
/// <param name="Line">The line its distribution's fixes are listed for; null when unknown.</param>
/// <param name="Version">
/// The version compared with fixes of <see cref="Line"/>: the Debian package version
/// (<c>6.1.192-2</c>), Ubuntu's ABI version (<c>5.15.0-91.101</c>), RHEL's and Fedora's
/// version-release without dist tag and architecture (<c>5.14.0-362.8.1</c>), the kernel.org version (<c>6.6.30</c>).
/// </param>
/// <param name="Label">How sentences name the kernel: <c>Debian 6.1.192-2</c>, <c>5.14.0-362.8.1.el9_3</c>.</param>
/// <param name="Upstream">
/// The kernel.org version the kernel is a build of, when its distribution follows the stable
/// releases (upstream itself, Debian, Fedora): it is then also judged by upstream fixes of its
/// series. Null for backport kernels (RHEL, Ubuntu), whose base version says nothing of their fixes.
/// </param>
/// <param name="MinorRelease">RHEL's minor release from the dist tag (3 of <c>el9_3</c>); null otherwise.</param>
/// <param name="Reason">Why the kernel could not be read; null when it was.</param>
public sealed record KernelIdentity(
    KernelKind Kind,
    string? Release,
    KernelLine? Line,
    string? Version,
    string? Label,
    UpstreamKernelVersion? Upstream,
    int? MinorRelease,
    string? Reason)
{
    /// <summary>
    /// Reads a kernel from its release and optional build string. RHEL and Fedora are recognised by
    /// the dist tag in the release (<c>.el9_3</c>, <c>.fc39</c>), Debian and Ubuntu by their build
    /// string (<c>Debian 6.1.192-2</c>, <c>#101-Ubuntu</c>) on a release of the same series, and
    /// everything else must be a kernel.org version with at most a local version.
    /// </summary>
    public static KernelIdentity Read(string? release, string? build)
    {
        string? trimmed = release?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return Unreadable(release, "no kernel release (uname -r) is known");
        return RpmKernelRelease.TryRead(trimmed)
            ?? DebianKernelRelease.TryRead(trimmed, build)
            ?? UbuntuKernelRelease.TryRead(trimmed, build)
            ?? UpstreamKernelRelease.Read(trimmed, build);
    }

    internal static KernelIdentity Unreadable(string? release, string reason) =>
        new(KernelKind.Unknown, release, null, null, null, null, null, reason);
}
