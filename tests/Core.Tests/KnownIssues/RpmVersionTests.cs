using Crashdesk.Core.KnownIssues;

namespace Crashdesk.Core.Tests.KnownIssues;

/// <summary>rpm's version order: rpm's own test cases, real RHEL kernel versions, and rpm itself.</summary>
public sealed class RpmVersionTests
{
    /// <summary>
    /// Every case of rpm's tests/rpmvercmp.at (rpm-software-management/rpm; the cases it runs, not
    /// the ones it keeps commented out as known oddities): a, b and rpm.vercmp()'s result.
    /// </summary>
    public static TheoryData<string, string, int> RpmTestSuiteTable => new()
    {
        { "1.0", "1.0", 0 },
        { "1.0", "2.0", -1 },
        { "2.0", "1.0", 1 },
        { "2.0.1", "2.0.1", 0 },
        { "2.0", "2.0.1", -1 },
        { "2.0.1", "2.0", 1 },
        { "2.0.1a", "2.0.1a", 0 },
        { "2.0.1a", "2.0.1", 1 },
        { "2.0.1", "2.0.1a", -1 },
        { "5.5p1", "5.5p1", 0 },
        { "5.5p1", "5.5p2", -1 },
        { "5.5p2", "5.5p1", 1 },
        { "5.5p10", "5.5p10", 0 },
        { "5.5p1", "5.5p10", -1 },
        { "5.5p10", "5.5p1", 1 },
        { "10xyz", "10.1xyz", -1 },
        { "10.1xyz", "10xyz", 1 },
        { "xyz10", "xyz10", 0 },
        { "xyz10", "xyz10.1", -1 },
        { "xyz10.1", "xyz10", 1 },
        { "xyz.4", "xyz.4", 0 },
        { "xyz.4", "8", -1 },
        { "8", "xyz.4", 1 },
        { "xyz.4", "2", -1 },
        { "2", "xyz.4", 1 },
        { "5.5p2", "5.6p1", -1 },
        { "5.6p1", "5.5p2", 1 },
        { "5.6p1", "6.5p1", -1 },
        { "6.5p1", "5.6p1", 1 },
        { "6.0.rc1", "6.0", 1 },
        { "6.0", "6.0.rc1", -1 },
        { "10b2", "10a1", 1 },
        { "10a2", "10b2", -1 },
        { "1.0aa", "1.0aa", 0 },
        { "1.0a", "1.0aa", -1 },
        { "1.0aa", "1.0a", 1 },
        { "10.0001", "10.0001", 0 },
        { "10.0001", "10.1", 0 },
        { "10.1", "10.0001", 0 },
        { "10.0001", "10.0039", -1 },
        { "10.0039", "10.0001", 1 },
        { "4.999.9", "5.0", -1 },
        { "5.0", "4.999.9", 1 },
        { "20101121", "20101121", 0 },
        { "20101121", "20101122", -1 },
        { "20101122", "20101121", 1 },
        { "2_0", "2_0", 0 },
        { "2.0", "2_0", 0 },
        { "2_0", "2.0", 0 },
        // Only separators differ: equal
        { "a", "a", 0 },
        { "a+", "a+", 0 },
        { "a+", "a_", 0 },
        { "a_", "a+", 0 },
        { "+a", "+a", 0 },
        { "+a", "_a", 0 },
        { "_a", "+a", 0 },
        { "+_", "+_", 0 },
        { "_+", "+_", 0 },
        { "_+", "_+", 0 },
        { "+", "_", 0 },
        { "_", "+", 0 },
        // Tilde
        { "1.0~rc1", "1.0~rc1", 0 },
        { "1.0~rc1", "1.0", -1 },
        { "1.0", "1.0~rc1", 1 },
        { "1.0~rc1", "1.0~rc2", -1 },
        { "1.0~rc2", "1.0~rc1", 1 },
        { "1.0~rc1~git123", "1.0~rc1~git123", 0 },
        { "1.0~rc1~git123", "1.0~rc1", -1 },
        { "1.0~rc1", "1.0~rc1~git123", 1 },
        // Caret
        { "1.0^", "1.0^", 0 },
        { "1.0^", "1.0", 1 },
        { "1.0", "1.0^", -1 },
        { "1.0^git1", "1.0^git1", 0 },
        { "1.0^git1", "1.0", 1 },
        { "1.0", "1.0^git1", -1 },
        { "1.0^git1", "1.0^git2", -1 },
        { "1.0^git2", "1.0^git1", 1 },
        { "1.0^git1", "1.01", -1 },
        { "1.01", "1.0^git1", 1 },
        { "1.0^20160101", "1.0^20160101", 0 },
        { "1.0^20160101", "1.0.1", -1 },
        { "1.0.1", "1.0^20160101", 1 },
        { "1.0^20160101^git1", "1.0^20160101^git1", 0 },
        { "1.0^20160102", "1.0^20160101^git1", 1 },
        { "1.0^20160101^git1", "1.0^20160102", -1 },
        // Tilde and caret together
        { "1.0~rc1^git1", "1.0~rc1^git1", 0 },
        { "1.0~rc1^git1", "1.0~rc1", 1 },
        { "1.0~rc1", "1.0~rc1^git1", -1 },
        { "1.0^git1~pre", "1.0^git1~pre", 0 },
        { "1.0^git1", "1.0^git1~pre", 1 },
        { "1.0^git1~pre", "1.0^git1", -1 },

    };

    [Theory]
    [MemberData(nameof(RpmTestSuiteTable))]
    public void Orders_rpm_test_suite_pairs(string a, string b, int expected) =>
        Assert.Equal(expected, RpmVersion.Compare(a, b));

    /// <summary>rpmvercmp.at calls rpm.vercmp(), the EVR order; none of its strings has an epoch or a release, so both orders agree.</summary>
    [Theory]
    [MemberData(nameof(RpmTestSuiteTable))]
    public void Orders_rpm_test_suite_pairs_as_evrs(string a, string b, int expected) =>
        Assert.Equal(expected, RpmVersion.CompareEvr(a, b));

    /// <summary>RHEL kernel version-releases from Red Hat's errata: z-stream updates of one minor release, and across releases.</summary>
    [Theory]
    [InlineData("5.14.0-362.8.1.el9_3", "5.14.0-362.24.1.el9_3", -1)]
    [InlineData("5.14.0-362.24.1.el9_3", "5.14.0-362.8.1.el9_3", 1)]
    [InlineData("5.14.0-362.8.1", "5.14.0-362.8.1", 0)]
    [InlineData("5.14.0-70.13.1.el9_0", "5.14.0-362.8.1.el9_3", -1)]
    [InlineData("5.14.0-284.30.1.el9_2", "5.14.0-362.8.1.el9_3", -1)]
    [InlineData("4.18.0-513.5.1.el8_9", "4.18.0-477.10.1.el8_8", 1)]
    [InlineData("4.18.0-513.5.1.el8_9", "5.14.0-70.13.1.el9_0", -1)]
    [InlineData("3.10.0-1160.102.1.el7", "3.10.0-1160.el7", 1)]
    [InlineData("5.14.0-362.el9", "5.14.0-362.8.1.el9_3", -1)]
    public void Orders_rhel_kernels(string a, string b, int expected) =>
        Assert.Equal(expected, RpmVersion.CompareEvr(a, b));

    [Theory]
    [InlineData("5.14.0-362.8.1.el9_3", null, "5.14.0", "362.8.1.el9_3")]
    [InlineData("1:2.0-3", "1", "2.0", "3")]
    [InlineData(":2.0", "0", "2.0", null)]
    [InlineData("2.0", null, "2.0", null)]
    [InlineData("1.0-2-3", null, "1.0-2", "3")]
    [InlineData("1a:2", null, "1a:2", null)]
    public void Cuts_evr_as_rpm_cuts_it(string evr, string? epoch, string version, string? release) =>
        Assert.Equal(new RpmEvr(epoch, version, release), RpmEvr.Parse(evr));

    /// <summary>
    /// Every pair of a set (segments of both kinds, leading zeros, separators, tilde and caret,
    /// epochs, missing releases, RHEL and Fedora kernels) against rpm's own rpm.vercmp().
    /// </summary>
    [Fact]
    public void Orders_every_pair_as_rpm_does()
    {
        string[] versions =
        [
            "5.14.0-362.8.1.el9_3", "5.14.0-362.24.1.el9_3", "5.14.0-362.8.1", "5.14.0-362.el9", "5.14.0-284.30.1.el9_2",
            "5.14.0-70.13.1.el9_0", "4.18.0-513.5.1.el8_9", "4.18.0-513.5.1.rt7.307.el8_9", "3.10.0-1160.102.1.el7",
            "6.5.6-300.fc39", "6.8.0-0.rc3.29.fc40", "6.8.0-1.fc40", "1:5.14.0-1", "0:5.14.0-362.8.1",
            "1.0", "1.0-1", "1.0-0", "1.0~rc1", "1.0~rc1-1", "1.0^git1", "1.0^", "1.0.1", "1.0a", "1.0_1", "1.00",
            "01.0", "1..0", "1.0.", "1.0-1.el9", "1.0-1.el9_10", "1.0-1.el9_2", "2_0", "a", "1:", "10a", "10.a",
        ];
        var pairs = new List<(string, string)>();
        for (int i = 0; i < versions.Length; i++)
            for (int j = i; j < versions.Length; j++)
                pairs.Add((versions[i], versions[j]));
        var expected = ReferenceTools.RpmCompare(pairs);

        var mismatches = new List<string>();
        for (int k = 0; k < pairs.Count; k++)
        {
            var (a, b) = pairs[k];
            int actual = RpmVersion.CompareEvr(a, b);
            if (actual != expected[k])
                mismatches.Add($"{a} vs {b}: rpm {expected[k]}, ours {actual}");
        }
        Assert.Equal([-1, 0, 1], expected.Distinct().Order()); // rpm answered, and not always the same
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Refuses_an_empty_evr_as_rpm_does() =>
        Assert.Throws<FormatException>(() => RpmVersion.CompareEvr("", "1.0"));
}
