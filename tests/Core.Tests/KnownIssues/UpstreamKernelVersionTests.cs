using Crashdesk.Core.KnownIssues;

namespace Crashdesk.Core.Tests.KnownIssues;

/// <summary>kernel.org's version order: stable releases by number, release candidates before their release.</summary>
public sealed class UpstreamKernelVersionTests
{
    [Theory]
    [InlineData("6.1.76", "6.1.192", -1)]
    [InlineData("6.1.192", "6.1.200", -1)]
    [InlineData("6.1.100", "6.1.99", 1)]
    [InlineData("6.10", "6.9.12", 1)]
    [InlineData("6.8-rc3", "6.8", -1)]
    [InlineData("6.8-rc7", "6.8.0", -1)]
    [InlineData("6.8.0-rc3", "6.8-rc3", 0)]
    [InlineData("6.8-rc1", "6.8-rc10", -1)]
    [InlineData("6.8", "6.8.0", 0)]
    [InlineData("6.8.1", "6.8", 1)]
    [InlineData("6.8-rc3", "6.7.12", 1)]
    [InlineData("5.15.149", "6.1.76", -1)]
    public void Orders_kernel_org_versions(string a, string b, int expected)
    {
        Assert.Equal(expected, UpstreamKernelVersion.Compare(a, b));
        Assert.Equal(-expected, UpstreamKernelVersion.Compare(b, a));
    }

    [Theory]
    [InlineData("6.1.76", "6.1", 6, 1, 76, null)]
    [InlineData("6.8-rc3", "6.8", 6, 8, null, 3)]
    [InlineData("6.8.0-rc3", "6.8", 6, 8, 0, 3)]
    [InlineData("6.10", "6.10", 6, 10, null, null)]
    public void Reads_the_fields_and_the_series(string text, string series, int major, int minor, int? sublevel, int? rc)
    {
        Assert.True(UpstreamKernelVersion.TryParse(text, out var version));
        Assert.Equal((series, major, minor, sublevel, rc), (version.Series, version.Major, version.Minor, version.Sublevel, version.ReleaseCandidate));
    }

    [Theory]
    [InlineData("")]
    [InlineData("6")]
    [InlineData("v6.1.76")]
    [InlineData("6.1.76-foo")]
    [InlineData("6.1.76-1")]
    [InlineData("6.1.76.1")]
    [InlineData("6.8~rc3")]
    [InlineData("6.8-rc")]
    public void Refuses_anything_but_a_kernel_org_version(string text) =>
        Assert.False(UpstreamKernelVersion.TryParse(text, out _));

    /// <summary>
    /// The same order as dpkg's with the candidate written Debian's way (6.8~rc3, which Debian's
    /// kernel packages use so that it sorts before 6.8): an independent reference.
    /// </summary>
    [Fact]
    public void Orders_as_dpkg_orders_the_tilde_form()
    {
        // No "6.1.0": dpkg puts it after "6.1", where the kernel's own KERNELRELEASE makes them one.
        string[] versions = ["6.1", "6.1.1", "6.1.9", "6.1.10", "6.1.76", "6.1.192", "6.1.200", "6.2-rc1", "6.2-rc2",
                             "6.2-rc10", "6.2", "6.2.1", "6.10-rc1", "6.10", "6.9.12", "5.15.149", "7.0-rc1"];
        var mismatches = new List<string>();
        foreach (string a in versions)
            foreach (string b in versions)
            {
                int expected = ReferenceTools.DpkgCompare(a.Replace("-rc", "~rc"), b.Replace("-rc", "~rc"));
                int actual = UpstreamKernelVersion.Compare(a, b);
                if (actual != expected)
                    mismatches.Add($"{a} vs {b}: dpkg {expected}, ours {actual}");
            }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
