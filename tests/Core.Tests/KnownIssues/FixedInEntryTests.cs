using Crashdesk.Core.KnownIssues;

namespace Crashdesk.Core.Tests.KnownIssues;

/// <summary>The fixed-in forms support engineers write, and the sentences for the ones that are none.</summary>
public sealed class FixedInEntryTests
{
    [Theory]
    [InlineData("6.1.76", KernelKind.Upstream, "6.1", "6.1.76", null)]
    [InlineData("v6.1.76", KernelKind.Upstream, "6.1", "6.1.76", null)]
    [InlineData("6.8", KernelKind.Upstream, "6.8", "6.8", null)]
    [InlineData("6.8-rc3", KernelKind.Upstream, "6.8", "6.8-rc3", null)]
    [InlineData("Debian 6.1.76-1", KernelKind.Debian, "6.1", "6.1.76-1", null)]
    [InlineData("Debian 6.12.5-1~bpo12+1", KernelKind.Debian, "6.12", "6.12.5-1", null)]
    [InlineData("Ubuntu 5.15.0-100.110", KernelKind.Ubuntu, "5.15", "5.15.0-100.110", null)]
    [InlineData("Ubuntu 5.15.0-100.110~20.04.1", KernelKind.Ubuntu, "5.15", "5.15.0-100.110", null)]
    [InlineData("Ubuntu aws 5.15.0-1051.56", KernelKind.Ubuntu, "5.15 aws", "5.15.0-1051.56", null)]
    [InlineData("RHEL 9.3 kernel-5.14.0-362.8.1", KernelKind.Rhel, "9", "5.14.0-362.8.1", 3)]
    [InlineData("RHEL 9.3 kernel-5.14.0-362.8.1.el9_3", KernelKind.Rhel, "9", "5.14.0-362.8.1", 3)]
    [InlineData("RHEL 9.3 kernel-5.14.0-362.8.1.el9_3.x86_64", KernelKind.Rhel, "9", "5.14.0-362.8.1", 3)]
    [InlineData("RHEL 8 4.18.0-513.5.1.el8_9", KernelKind.Rhel, "8", "4.18.0-513.5.1", null)]
    [InlineData("CentOS 7 kernel-3.10.0-1160.102.1", KernelKind.Rhel, "7", "3.10.0-1160.102.1", null)]
    [InlineData("Fedora 39 kernel-6.5.6-300.fc39", KernelKind.Fedora, "39", "6.5.6-300", null)]
    public void Reads_each_form(string text, KernelKind kind, string series, string version, int? minor)
    {
        Assert.True(FixedInEntry.TryParse(text, out var entry, out string? error), error);
        Assert.Equal(new FixedInEntry(text, new KernelLine(kind, series), version, minor), entry);
    }

    [Fact]
    public void Keeps_the_text_as_written_with_blanks_collapsed()
    {
        Assert.True(FixedInEntry.TryParse("  RHEL  9.3\tkernel-5.14.0-362.8.1 ", out var entry, out _));
        Assert.Equal("RHEL 9.3 kernel-5.14.0-362.8.1", entry.Text);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("fixed upstream", "'fixed upstream' is not a fixed-in version")]
    [InlineData("6.1.76-1", "'6.1.76-1' is not a kernel.org version")]
    [InlineData("6", "'6' is not a kernel.org version")]
    [InlineData("Debian 6.1.76-", "'Debian 6.1.76-' is not a Debian version: its revision is empty")]
    [InlineData("Debian 1:abc-1", "'Debian 1:abc-1' is not a Debian version: its upstream version does not start with a digit")]
    [InlineData("Debian 1.0+dfsg-1", "'Debian 1.0+dfsg-1' is no Debian kernel version")]
    [InlineData("Ubuntu 5.15.0-100", "'Ubuntu 5.15.0-100' is no Ubuntu kernel version")]
    [InlineData("Ubuntu 5.15.0-1051.56", "name its flavour, like Ubuntu aws 5.15.0-1051.56")]
    [InlineData("Ubuntu generic 5.15.0-100.110", "ABI 100 is the main kernel's")]
    [InlineData("RHEL 9.3 kernel-rt-5.14.0-362.8.1", "'RHEL 9.3 kernel-rt-5.14.0-362.8.1' does not name a kernel package's version-release")]
    [InlineData("RHEL 9.3 kernel-5.14.0-362.8.1.el8_9", "has the dist tag el8_9, which is not RHEL 9.3")]
    [InlineData("RHEL 9.3 kernel-5.14.0-362.8.1.el9_2", "has the dist tag el9_2, which is not RHEL 9.3")]
    [InlineData("Fedora 39.1 kernel-6.5.6-300", "Fedora releases have no minor number")]
    [InlineData("Fedora 39 kernel-6.5.6-300.fc38", "has the dist tag fc38, which is not Fedora 39")]
    public void Refuses_with_a_sentence_naming_the_text(string text, string expected)
    {
        Assert.False(FixedInEntry.TryParse(text, out var entry, out string? error));
        Assert.Null(entry);
        Assert.Contains(expected, error);
    }
}
