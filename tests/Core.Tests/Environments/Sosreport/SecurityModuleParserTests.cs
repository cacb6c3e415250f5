using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>sestatus of RHEL 9 and apparmor_status of Ubuntu 22.04, as sos collects them.</summary>
public sealed class SecurityModuleParserTests
{
    [Fact]
    public void Selinux_enforcing()
    {
        const string sestatus = """
            SELinux status:                 enabled
            SELinuxfs mount:                /sys/fs/selinux
            SELinux root directory:         /etc/selinux
            Loaded policy name:             targeted
            Current mode:                   enforcing
            Mode from config file:          enforcing
            Policy MLS status:              enabled
            Policy deny_unknown status:     allowed
            Memory protection checking:     actual (secure)
            Max kernel policy version:      33
            """;

        Assert.Equal("SELinux enforcing (targeted)", SecurityModuleParser.FromSestatus(sestatus));
    }

    [Fact]
    public void Selinux_disabled() => Assert.Equal("SELinux disabled", SecurityModuleParser.FromSestatus("SELinux status:                 disabled\n"));

    [Fact]
    public void Apparmor_profiles()
    {
        const string status = """
            apparmor module is loaded.
            34 profiles are loaded.
            32 profiles are in enforce mode.
               /snap/snapd/20290/usr/lib/snapd/snap-confine
               /usr/bin/man
            2 profiles are in complain mode.
               /usr/sbin/sssd
            0 profiles are in kill mode.
            0 profiles are in unconfined mode.
            2 processes have profiles defined.
            """;

        Assert.Equal("AppArmor (32 profiles in enforce mode, 2 in complain mode)", SecurityModuleParser.FromAppArmorStatus(status));
    }

    [Fact]
    public void Apparmor_not_loaded() => Assert.Equal("AppArmor not loaded", SecurityModuleParser.FromAppArmorStatus("apparmor module is not loaded.\n"));

    [Fact]
    public void Other_text_is_neither() =>
        Assert.Null(SecurityModuleParser.FromSestatus("sh: sestatus: command not found") ?? SecurityModuleParser.FromAppArmorStatus("sh: apparmor_status: command not found"));
}
