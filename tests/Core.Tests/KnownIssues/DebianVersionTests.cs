using Crashdesk.Core.KnownIssues;

namespace Crashdesk.Core.Tests.KnownIssues;

/// <summary>
/// dpkg's version order: dpkg's own test cases, and dpkg itself (<c>dpkg --compare-versions</c>)
/// over a set of versions with every feature of the order and real kernel package versions.
/// </summary>
public sealed class DebianVersionTests
{
    /// <summary>
    /// The comparison table of dpkg's scripts/t/Dpkg_Version.t (its __DATA__ section: a, b and the
    /// expected sign), which dpkg runs against both Dpkg::Version and <c>dpkg --compare-versions</c>.
    /// </summary>
    public static TheoryData<string, string, int> DpkgTestSuiteTable => new()
    {
        { "1.0-1", "2.0-2", -1 },
        { "2.2~rc-4", "2.2-1", -1 },
        { "2.2-1", "2.2~rc-4", 1 },
        { "1.0000-1", "1.0-1", 0 },
        { "1", "0:1", 0 },
        { "0", "0:0-0", 0 },
        { "2:2.5", "1:7.5", 1 },
        { "1:0foo", "0foo", 1 },
        { "0:0foo", "0foo", 0 },
        { "0foo", "0foo", 0 },
        { "0foo-0", "0foo", 0 },
        { "0foo", "0foo-0", 0 },
        { "0foo", "0fo", 1 },
        { "0foo-0", "0foo+", -1 },
        { "0foo~1", "0foo", -1 },
        { "0foo~foo+Bar", "0foo~foo+bar", -1 },
        { "0foo~~", "0foo~", -1 },
        { "1~", "1", -1 },
        { "12345+that-really-is-some-ver-0", "12345+that-really-is-some-ver-10", -1 },
        { "0foo-0", "0foo-01", -1 },
        { "0foo.bar", "0foobar", 1 },
        { "0foo.bar", "0foo1bar", 1 },
        { "0foo.bar", "0foo0bar", 1 },
        { "0foo1bar-1", "0foobar-1", -1 },
        { "0foo2.0", "0foo2", 1 },
        { "0foo2.0.0", "0foo2.10.0", -1 },
        { "0foo2.0", "0foo2.0.0", -1 },
        { "0foo2.0", "0foo2.10", -1 },
        { "0foo2.1", "0foo2.10", -1 },
        { "1.09", "1.9", 0 },
        { "1.0.8+nmu1", "1.0.8", 1 },
        { "3.11", "3.10+nmu1", 1 },
        { "0.9j-20080306-4", "0.9i-20070324-2", 1 },
        { "1.2.0~b7-1", "1.2.0~b6-1", 1 },
        { "1.011-1", "1.06-2", 1 },
        { "0.0.9+dfsg1-1", "0.0.8+dfsg1-3", 1 },
        { "4.6.99+svn6582-1", "4.6.99+svn6496-1", 1 },
        { "53", "52", 1 },
        { "0.9.9~pre122-1", "0.9.9~pre111-1", 1 },
        { "2:2.3.2-2+lenny2", "2:2.3.2-2", 1 },
        { "1:3.8.1-1", "3.8.GA-1", 1 },
        { "1.0.1+gpl-1", "1.0.1-2", 1 },
        { "1a", "1000a", -1 },
    };

    [Theory]
    [MemberData(nameof(DpkgTestSuiteTable))]
    public void Orders_dpkg_test_suite_pairs(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(DebianVersion.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(DebianVersion.Compare(b, a)));
    }

    /// <summary>dpkg's lib/dpkg/t/t-version.c test_version_compare(), its parts written as version strings.</summary>
    [Theory]
    [InlineData("0-0", "0-0", 0)]
    [InlineData("0-00", "00-0", 0)]
    [InlineData("1:2-3", "1:2-3", 0)]
    [InlineData("0:0-0", "1:0-0", -1)]
    [InlineData("a-0", "b-0", -1)]
    [InlineData("0-a", "0-b", -1)]
    [InlineData("1-1", "2-1", -1)]
    [InlineData("1-1", "1-2", -1)]
    public void Orders_dpkg_library_test_pairs(string a, string b, int expected) =>
        Assert.Equal(expected, Math.Sign(DebianVersion.Compare(a, b)));

    /// <summary>The sort tests of scripts/t/Dpkg_Version.t (sort version_compare).</summary>
    [Fact]
    public void Sorts_as_dpkg_test_suite_sorts()
    {
        string[] unsorted = ["4:4-4", "5.0abc", "0.0-0.0alpha0", "10.100.1-1", "0~999.999zeta", "0:1.0-0"];
        string[] expected = ["0~999.999zeta", "0.0-0.0alpha0", "0:1.0-0", "5.0abc", "10.100.1-1", "4:4-4"];
        Assert.Equal(expected, unsorted.Order(Comparer<string>.Create(DebianVersion.Compare)));
    }

    /// <summary>parseversion()'s splits, from lib/dpkg/t/t-version.c test_version_parse().</summary>
    [Theory]
    [InlineData("0", 0, "0", "")]
    [InlineData("0:0-0", 0, "0", "0")]
    [InlineData("1:0", 1, "0", "")]
    [InlineData("0:0-0-0", 0, "0-0", "0")]
    [InlineData("0:0:0-0", 0, "0:0", "0")]
    [InlineData("0:0-0:0-0", 0, "0-0:0", "0")]
    [InlineData("0:09azAZ.-+~:-0", 0, "09azAZ.-+~:", "0")]
    [InlineData("0:0-azAZ09.+~", 0, "0", "azAZ09.+~")]
    [InlineData(" \t0:0-1 \t", 0, "0", "1")]
    [InlineData("6.12.5-1~bpo12+1", 0, "6.12.5", "1~bpo12+1")]
    public void Splits_as_dpkg_splits(string text, int epoch, string upstream, string revision)
    {
        Assert.True(DebianVersion.TryParse(text, out var version, out string? error), error);
        Assert.Equal((epoch, upstream, revision), (version.Epoch, version.Upstream, version.Revision));
    }

    /// <summary>The versions test_version_parse() expects errors or warnings for: refused, each with a sentence naming it.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("0:")]
    [InlineData(":1.0")]
    [InlineData("1.0-")]
    [InlineData("0:0 0-1")]
    [InlineData("-1:0-1")]
    [InlineData("999999999999999999999999:0-1")]
    [InlineData("a:0-0")]
    [InlineData("A:0-0")]
    [InlineData("-0")]
    [InlineData("0:-0")]
    [InlineData("0:abc3-0")]
    [InlineData("0:0!-0")]
    [InlineData("0:0_-0")]
    [InlineData("0:0-0:0")]
    [InlineData("0:0-0^")]
    public void Refuses_what_dpkg_complains_about(string text)
    {
        Assert.False(DebianVersion.TryParse(text, out _, out string? error));
        Assert.Contains($"'{text}'", error);
    }

    /// <summary>Errors stop dpkg --compare-versions (exit 2); warnings do not, it compares anyway.</summary>
    [Fact]
    public void Compare_refuses_dpkg_errors_but_compares_through_its_warnings()
    {
        Assert.Throws<FormatException>(() => DebianVersion.Compare("1.0-", "1.0"));
        Assert.Throws<FormatException>(() => DebianVersion.Compare("1.0", "a:1"));
        Assert.Equal(ReferenceTools.DpkgCompare("1.0_1", "1.0.1"), Math.Sign(DebianVersion.Compare("1.0_1", "1.0.1")));
        Assert.Equal(0, DebianVersion.Compare("+1:2.0", "1:2.0")); // strtol() takes the sign
    }

    /// <summary>
    /// Every pair of a set covering the order's rules (tilde, end, letters, other characters, digits
    /// with leading zeros, epochs, revisions) and real kernel package versions, against dpkg itself.
    /// </summary>
    [Fact]
    public void Orders_every_pair_as_dpkg_compare_versions()
    {
        string[] versions =
        [
            // Debian kernels: stable, point releases, binNMU, backports, experimental release candidates.
            "6.1.192-2", "6.1.76-1", "6.1.0-56", "6.1.0-56+b1", "6.12.5-1~bpo12+1", "6.12.5-1", "6.12.5-1+b1",
            "6.12.5-1~exp1", "6.8~rc3-1~exp1", "6.8-1", "6.8.1-1", "4.19.249-2~deb9u1", "4.19.249-2",
            // Ubuntu kernels and their hardware-enablement backports.
            "5.15.0-91.101", "5.15.0-91.101~20.04.1", "5.15.0-100.110", "5.15.0-1051.56", "1.0-1ubuntu1",
            // Epochs, leading zeros, letters against other characters and the end, tildes.
            "1:6.1.76-1", "0:6.1.76-1", "2:0.1", "10:0.1", "6.1.076-1", "6.01.76-1", "6.1.76-1.1",
            "6.1.76a-1", "6.1.76+dfsg-1", "6.1.76~1-1", "1.0~~", "1.0~", "1.0", "1.0a", "1.0A", "1.0+",
            "1.0.", "1.0-0", "1.0-~", "1.0-a", "1.0-+", "1.0~a", "1.0a~", "1.0.0",
        ];
        var mismatches = new List<string>();
        var seen = new HashSet<int>();
        for (int i = 0; i < versions.Length; i++)
        {
            for (int j = i; j < versions.Length; j++)
            {
                int expected = ReferenceTools.DpkgCompare(versions[i], versions[j]);
                seen.Add(expected);
                int actual = Math.Sign(DebianVersion.Compare(versions[i], versions[j]));
                if (actual != expected)
                    mismatches.Add($"{versions[i]} vs {versions[j]}: dpkg {expected}, ours {actual}");
            }
        }
        Assert.Equal([-1, 0, 1], seen.Order()); // dpkg answered, and not always the same
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
