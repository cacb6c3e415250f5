using System.Collections.Frozen;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// The members of a sosreport the reader parses, by their path inside the report directory, and the
/// sos plugin that writes each (sos 4: <c>sos/report/plugins/*.py</c>; a command's output goes to
/// <c>sos_commands/&lt;plugin&gt;/&lt;command with spaces as _&gt;</c>, and some get a link at the
/// report's root, its <c>root_symlink</c>). Both the link and the command's path are listed: the link
/// can come before or after its target in the archive, and an older or a trimmed report may lack the link.
/// </summary>
internal static class SosPaths
{
    public const string Uname = "uname";
    public const string UnameCommand = "sos_commands/kernel/uname_-a";
    public const string Lsmod = "lsmod";
    public const string LsmodCommand = "sos_commands/kernel/lsmod";
    public const string Modinfo = "sos_commands/kernel/modinfo_ALL_MODULES";
    public const string Sysctl = "sos_commands/kernel/sysctl_-a";
    public const string Cmdline = "proc/cmdline";
    /// <summary>The kernel's taint mask in decimal (Documentation/admin-guide/tainted-kernels.rst), copied by the kernel plugin.</summary>
    public const string Tainted = "proc/sys/kernel/tainted";
    public const string InstalledDebs = "installed-debs";
    public const string DpkgCommand = "sos_commands/dpkg/dpkg_-l";
    /// <summary>rpm's link; its target's name is the whole shell pipeline sos runs (plugins/rpm.py), so only the link is listed.</summary>
    public const string InstalledRpms = "installed-rpms";
    public const string Lscpu = "sos_commands/processor/lscpu";
    public const string Dmidecode = "dmidecode";
    public const string DmidecodeCommand = "sos_commands/hardware/dmidecode";
    public const string Hostname = "hostname";
    public const string HostnameCommand = "sos_commands/host/hostname";
    public const string OsRelease = "etc/os-release";
    public const string UsrOsRelease = "usr/lib/os-release";
    public const string Timezone = "etc/timezone";
    public const string Localtime = "etc/localtime";
    public const string Meminfo = "proc/meminfo";
    /// <summary>sos's own record of its version and the plugins that ran ("kernel: unversioned").</summary>
    public const string Version = "version.txt";

    public static readonly IReadOnlyList<string> Sestatus = ["sos_commands/selinux/sestatus", "sos_commands/selinux/sestatus_-b", "sos_commands/selinux/sestatus_-v"];
    public static readonly IReadOnlyList<string> AppArmor = ["sos_commands/apparmor/apparmor_status", "sos_commands/apparmor/aa-status"];

    /// <summary>Every path above: a member at one of them (or a link's target reached from one) is kept.</summary>
    public static readonly FrozenSet<string> Wanted = new[]
    {
        Uname, UnameCommand, Lsmod, LsmodCommand, Modinfo, Sysctl, Cmdline, Tainted, InstalledDebs, DpkgCommand, InstalledRpms,
        Lscpu, Dmidecode, DmidecodeCommand, Hostname, HostnameCommand, OsRelease, UsrOsRelease, Timezone, Localtime,
        Meminfo, Version,
    }.Concat(Sestatus).Concat(AppArmor).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The directories above the wanted paths ("sos_commands", "sos_commands/kernel", "etc"): a link there (a linked directory) is kept too.</summary>
    public static readonly FrozenSet<string> WantedDirectories = Wanted.SelectMany(Directories).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The directories of a path, outermost first ("a", "a/b" for "a/b/c").</summary>
    public static IEnumerable<string> Directories(string path)
    {
        for (int slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
            yield return path[..slash];
    }

    /// <summary>Markers that the archive is a sosreport at all.</summary>
    public static bool IsSosMarker(string reportPath) =>
        reportPath == Version || reportPath.StartsWith("sos_commands/", StringComparison.Ordinal)
        || reportPath.StartsWith("sos_reports/", StringComparison.Ordinal) || reportPath.StartsWith("sos_logs/", StringComparison.Ordinal);
}
