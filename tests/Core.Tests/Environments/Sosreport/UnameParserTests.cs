using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>uname -a lines as RHEL, Debian, 32-bit x86 and this machine print them.</summary>
public sealed class UnameParserTests
{
    [Theory]
    [InlineData("Linux db1.example.com 5.14.0-362.8.1.el9_3.x86_64 #1 SMP PREEMPT_DYNAMIC Wed Nov 8 17:36:32 UTC 2023 x86_64 x86_64 x86_64 GNU/Linux",
        "5.14.0-362.8.1.el9_3.x86_64", "#1 SMP PREEMPT_DYNAMIC Wed Nov 8 17:36:32 UTC 2023", "x86_64")]
    [InlineData("Linux deb12 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64 GNU/Linux",
        "6.1.0-18-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)", "x86_64")]
    [InlineData("Linux vm 6.18.44-fc-v1045 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux\n",
        "6.18.44-fc-v1045", "#1 SMP PREEMPT_DYNAMIC @0", "x86_64")]
    [InlineData("Linux old 2.6.32-754.el6.i686 #1 SMP Tue Jun 19 21:51:20 EDT 2018 i686 i686 i386 GNU/Linux",
        "2.6.32-754.el6.i686", "#1 SMP Tue Jun 19 21:51:20 EDT 2018", "i686")]
    [InlineData("Linux arm 6.1.0-18-arm64 #1 SMP Debian 6.1.76-1 (2024-02-01) aarch64 GNU/Linux",
        "6.1.0-18-arm64", "#1 SMP Debian 6.1.76-1 (2024-02-01)", "aarch64")]
    public void Release_version_and_machine(string line, string release, string build, string architecture) =>
        Assert.Equal(new UnameFacts(release, build, architecture), UnameParser.Parse(line));

    [Theory]
    [InlineData("")]
    [InlineData("sh: 1: uname: not found")]
    [InlineData("timeout: failed to run command 'uname': No such file or directory")]
    public void What_is_not_uname_output_gives_nothing(string text) => Assert.Null(UnameParser.Parse(text));
}
