using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// What a kernel's build string (UTS_VERSION: <c>uname -v</c>, the end of an oops header's
/// "CPU:" line, the end of the boot banner) says about the package that built it.
/// </summary>
/// <remarks>
/// UTS_VERSION starts with <c>#</c> and the build count (scripts/mkcompile_h). The boot banner
/// (<c>Linux version 6.1.0-56-cloud-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian
/// 12.2.0-14+deb12u1) 12.2.0, …) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)</c>) names
/// the compiler's package before it, so only the text from the last <c>#N</c> on is read.
/// Debian's kernel packaging appends <c>Debian &lt;package version&gt;</c> to it; Ubuntu's puts
/// the upload number into the count itself (<c>#101-Ubuntu</c>, <c>#14~22.04.1-Ubuntu</c> for a
/// hardware-enablement backport).
/// </remarks>
internal static partial class KernelBuildString
{
    [GeneratedRegex(@"\bDebian\s+(?<version>\d[^\s()]*)")]
    private static partial Regex DebianPackage();

    [GeneratedRegex(@"^#(?<upload>\d+)(?<backport>~\d+\.\d+(?:\.\d+)?)?-Ubuntu\b")]
    private static partial Regex UbuntuUpload();

    /// <summary>The Debian package version a Debian kernel's build string names (<c>6.1.192-2</c>).</summary>
    public static bool TryDebianVersion(string? build, [NotNullWhen(true)] out string? version)
    {
        var m = DebianPackage().Match(Uts(build));
        version = m.Success ? m.Groups["version"].Value : null;
        return m.Success;
    }

    /// <summary>
    /// An Ubuntu kernel's upload number (<c>101</c> of <c>#101-Ubuntu</c>) and the backport suffix
    /// of a hardware-enablement kernel (<c>~22.04.1</c>), empty for none.
    /// </summary>
    public static bool TryUbuntuUpload(string? build, [NotNullWhen(true)] out string? upload, out string backport)
    {
        var m = UbuntuUpload().Match(Uts(build));
        upload = m.Success ? m.Groups["upload"].Value : null;
        backport = m.Groups["backport"].Value;
        return m.Success;
    }

    /// <summary>The build string from its last <c>#N</c> on; the whole text when it has none.</summary>
    private static string Uts(string? build)
    {
        if (string.IsNullOrWhiteSpace(build))
            return "";
        string text = build.Trim();
        int last = -1;
        for (int i = text.Length - 2; i >= 0 && last < 0; i--)
        {
            if (text[i] == '#' && char.IsAsciiDigit(text[i + 1]) && (i == 0 || char.IsWhiteSpace(text[i - 1])))
                last = i;
        }
        return last < 0 ? text : text[last..];
    }
}
