using Crashdesk.Core.Environments;
using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>sysctl -a as procps prints it (with sos's stderr in the same file) and /proc/meminfo.</summary>
public sealed class SysctlAndMeminfoParserTests
{
    [Fact]
    public void Sysctl_lines_are_settings_and_its_errors_are_skipped()
    {
        var settings = SysctlParser.Parse("abi.vsyscall32 = 1\nkernel.domainname = (none)\nsysctl: permission denied on key 'fs.protected_fifos'\n" +
            "net.ipv4.ip_local_port_range = 32768\t60999\nsysctl: reading key \"net.ipv6.conf.all.stable_secret\"\ndev.cdrom.info = \nkernel.panic_on_oops = 1\n");

        Assert.Equal(
            [
                new SysctlFact("abi.vsyscall32", "1"), new SysctlFact("kernel.domainname", "(none)"),
                new SysctlFact("net.ipv4.ip_local_port_range", "32768\t60999"), new SysctlFact("dev.cdrom.info", ""),
                new SysctlFact("kernel.panic_on_oops", "1"),
            ],
            settings);
    }

    [Fact]
    public void A_value_of_several_lines_is_one_setting()
    {
        // Linux 6.x's kernel.core_modes as procps prints it (this machine's sosreport has it).
        var settings = SysctlParser.Parse("kernel.core_pipe_limit = 0\nkernel.core_modes = file\nkernel.core_modes = pipe\nkernel.core_modes = socket\nkernel.core_pattern = core\n");

        Assert.Equal([new SysctlFact("kernel.core_pipe_limit", "0"), new SysctlFact("kernel.core_modes", "file\npipe\nsocket"), new SysctlFact("kernel.core_pattern", "core")], settings);
    }

    [Fact]
    public void Meminfo_mem_total_is_in_kibibytes() =>
        Assert.Equal(24_683_584L * 1024, MeminfoParser.MemTotalBytes("MemTotal:       24683584 kB\nMemFree:        22876572 kB\n"));

    [Theory]
    [InlineData("MemFree:        22876572 kB\n")]
    [InlineData("MemTotal:       24683584 MB\n")]
    [InlineData("MemTotal:       lots kB\n")]
    public void Meminfo_without_a_readable_mem_total_gives_nothing(string text) => Assert.Null(MeminfoParser.MemTotalBytes(text));
}
