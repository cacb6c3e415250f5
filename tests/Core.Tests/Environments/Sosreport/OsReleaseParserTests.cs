using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>os-release files of Debian 12 and RHEL 9.3, and os-release(5)'s quoting.</summary>
public sealed class OsReleaseParserTests
{
    [Fact]
    public void Debian_12()
    {
        var values = OsReleaseParser.Parse("""
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            HOME_URL="https://www.debian.org/"
            """);

        Assert.Equal("Debian GNU/Linux", values["NAME"]);
        Assert.Equal("12", values["VERSION_ID"]);
        Assert.Equal("bookworm", values["VERSION_CODENAME"]);
    }

    [Fact]
    public void Rhel_9()
    {
        var values = OsReleaseParser.Parse("""
            NAME="Red Hat Enterprise Linux"
            VERSION="9.3 (Plow)"
            ID="rhel"
            ID_LIKE="fedora"
            VERSION_ID="9.3"
            PLATFORM_ID="platform:el9"
            PRETTY_NAME="Red Hat Enterprise Linux 9.3 (Plow)"
            ANSI_COLOR="0;31"
            CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"
            """);

        Assert.Equal("Red Hat Enterprise Linux", values["NAME"]);
        Assert.Equal("9.3", values["VERSION_ID"]);
        Assert.Equal("platform:el9", values["PLATFORM_ID"]);
    }

    [Fact]
    public void Quotes_escapes_and_comments()
    {
        var values = OsReleaseParser.Parse("# a comment\nNAME='Single quoted'\nPRETTY_NAME=\"Say \\\"hi\\\" \\$HOME\"\nnot an assignment\nBAD-KEY=x\n");

        Assert.Equal("Single quoted", values["NAME"]);
        Assert.Equal("Say \"hi\" $HOME", values["PRETTY_NAME"]);
        Assert.Equal(2, values.Count);
    }
}
