using Crashdesk.Core.KnownIssues;

namespace Crashdesk.Core.Tests.KnownIssues;

/// <summary>Verdicts on real kernels, first of all the fixture dumps' Debian kernel.</summary>
public sealed class FixVerdictsTests
{
    // The fixture dumps' kernel (debian-6.1-cloud/*/*/console.txt): uname -r and uname -v.
    private const string DebianRelease = "6.1.0-56-cloud-amd64";
    private const string DebianBuild = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)";

    private const string RhelRelease = "5.14.0-362.8.1.el9_3.x86_64";
    private const string RhelBuild = "#1 SMP PREEMPT_DYNAMIC Fri Nov 10 12:34:56 EST 2023";

    [Fact]
    public void Debian_kernel_predates_a_later_upstream_stable_fix()
    {
        var verdict = FixVerdicts.Judge(DebianRelease, DebianBuild, Entries("6.1.200"));

        Assert.Equal(FixVerdictKind.PredatesFix, verdict.Kind);
        Assert.Equal("6.1.192", verdict.KernelVersion);
        Assert.Equal("6.1.200", verdict.Fix?.Text);
        Assert.Equal("your kernel 6.1.192 predates the fix 6.1.200", verdict.Sentence);
    }

    [Fact]
    public void Debian_kernel_has_an_earlier_upstream_stable_fix()
    {
        var verdict = FixVerdicts.Judge(DebianRelease, DebianBuild, Entries("6.1.100"));

        Assert.Equal(FixVerdictKind.HasFix, verdict.Kind);
        Assert.Equal("your kernel 6.1.192 has the fix 6.1.100 — look again", verdict.Sentence);
    }

    [Fact]
    public void Debian_kernel_has_the_fix_of_its_own_stable_release()
    {
        var verdict = FixVerdicts.Judge(DebianRelease, DebianBuild, Entries("6.1.192"));

        Assert.Equal(FixVerdictKind.HasFix, verdict.Kind);
    }

    [Fact]
    public void Debian_kernel_has_no_fix_on_its_line_when_only_another_series_is_fixed()
    {
        var verdict = FixVerdicts.Judge(DebianRelease, DebianBuild, Entries("5.15.149"));

        Assert.Equal(FixVerdictKind.NoFixOnItsLine, verdict.Kind);
        Assert.Null(verdict.Fix);
        Assert.Equal("no fix is listed for Debian 6.1 or upstream 6.1 (listed: 5.15.149)", verdict.Sentence);
    }

    [Fact]
    public void A_release_nobody_knows_is_unknown()
    {
        var verdict = FixVerdicts.Judge(null, DebianBuild, Entries("6.1.200"));

        Assert.Equal(FixVerdictKind.Unknown, verdict.Kind);
        Assert.Null(verdict.KernelVersion);
        Assert.Equal("cannot tell: no kernel release (uname -r) is known", verdict.Sentence);
    }

    [Fact]
    public void A_debian_abi_name_without_its_build_string_is_unknown()
    {
        var verdict = FixVerdicts.Judge(DebianRelease, null, Entries("6.1.200"));

        Assert.Equal(FixVerdictKind.Unknown, verdict.Kind);
        Assert.StartsWith("cannot tell: 6.1.0-56-cloud-amd64 is a Debian or Ubuntu ABI name", verdict.Sentence);
    }

    [Fact]
    public void Debian_entry_wins_over_the_upstream_one()
    {
        // Upstream says fixed in 6.1.100 (which 6.1.192 has), Debian that its fix came with 6.1.200-1.
        var verdict = FixVerdicts.Judge(DebianRelease, DebianBuild, Entries("6.1.100", "Debian 6.1.200-1"));

        Assert.Equal(FixVerdictKind.PredatesFix, verdict.Kind);
        Assert.Equal("Debian 6.1.192-2", verdict.KernelVersion);
        Assert.Equal("your kernel Debian 6.1.192-2 predates the fix Debian 6.1.200-1", verdict.Sentence);
    }

    [Theory]
    [InlineData("Debian 6.1.192-1", FixVerdictKind.HasFix)]
    [InlineData("Debian 6.1.192-2", FixVerdictKind.HasFix)]
    [InlineData("Debian 6.1.192-3", FixVerdictKind.PredatesFix)]
    [InlineData("Debian 6.1.192-2+b1", FixVerdictKind.PredatesFix)]
    public void Debian_entries_compare_the_package_revision(string fix, FixVerdictKind expected) =>
        Assert.Equal(expected, FixVerdicts.Judge(DebianRelease, DebianBuild, Entries(fix)).Kind);

    [Fact]
    public void Debian_backport_has_the_fix_of_the_version_it_rebuilds()
    {
        var verdict = FixVerdicts.Judge("6.12.12+bpo-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.12.12-1~bpo12+1 (2025-02-23)", Entries("Debian 6.12.12-1"));

        Assert.Equal(FixVerdictKind.HasFix, verdict.Kind);
        Assert.Equal("your kernel Debian 6.12.12-1~bpo12+1 has the fix Debian 6.12.12-1 — look again", verdict.Sentence);
    }

    [Fact]
    public void Upstream_kernel_is_judged_by_the_upstream_entry_of_its_series()
    {
        var entries = Entries("5.15.149", "6.1.76", "6.6.31");

        Assert.Equal("your kernel 6.6.30 predates the fix 6.6.31", FixVerdicts.Judge("6.6.30", null, entries).Sentence);
        Assert.Equal("your kernel 6.1.76 has the fix 6.1.76 — look again", FixVerdicts.Judge("6.1.76-foo", null, entries).Sentence);
    }

    [Fact]
    public void Upstream_kernel_ignores_distribution_entries()
    {
        var verdict = FixVerdicts.Judge("6.1.190", null, Entries("Debian 6.1.200-1"));

        Assert.Equal(FixVerdictKind.NoFixOnItsLine, verdict.Kind);
        Assert.Equal("no fix is listed for upstream 6.1 (listed: Debian 6.1.200-1)", verdict.Sentence);
    }

    [Fact]
    public void Release_candidate_predates_the_release_fix()
    {
        var verdict = FixVerdicts.Judge("6.8.0-rc3", null, Entries("6.8"));

        Assert.Equal("your kernel 6.8.0-rc3 predates the fix 6.8", verdict.Sentence);
    }

    [Theory]
    [InlineData("RHEL 9.3 kernel-5.14.0-362.24.1", FixVerdictKind.PredatesFix, "your kernel 5.14.0-362.8.1.el9_3 predates the fix RHEL 9.3 kernel-5.14.0-362.24.1")]
    [InlineData("RHEL 9.3 kernel-5.14.0-362.8.1", FixVerdictKind.HasFix, "your kernel 5.14.0-362.8.1.el9_3 has the fix RHEL 9.3 kernel-5.14.0-362.8.1 — look again")]
    [InlineData("RHEL 9.3 kernel-5.14.0-362.8.1.el9_3", FixVerdictKind.HasFix, "your kernel 5.14.0-362.8.1.el9_3 has the fix RHEL 9.3 kernel-5.14.0-362.8.1.el9_3 — look again")]
    [InlineData("RHEL 9.2 kernel-5.14.0-284.40.1", FixVerdictKind.HasFix, "your kernel 5.14.0-362.8.1.el9_3 has the fix RHEL 9.2 kernel-5.14.0-284.40.1 (listed for RHEL 9.2; your kernel is a RHEL 9.3 build) — look again")]
    [InlineData("RHEL 9 kernel-5.14.0-70.13.1", FixVerdictKind.HasFix, "your kernel 5.14.0-362.8.1.el9_3 has the fix RHEL 9 kernel-5.14.0-70.13.1 — look again")]
    public void Rhel_kernel_is_judged_by_its_version_release(string fix, FixVerdictKind kind, string sentence)
    {
        var verdict = FixVerdicts.Judge(RhelRelease, RhelBuild, Entries(fix));

        Assert.Equal((kind, sentence), (verdict.Kind, verdict.Sentence));
        Assert.Equal("5.14.0-362.8.1.el9_3", verdict.KernelVersion);
    }

    [Fact]
    public void Rhel_kernel_takes_the_entry_of_its_minor_release()
    {
        // 9.2's z-stream got the fix in 284.40.1, 9.3's in 362.24.1: a 9.3 kernel is measured against 9.3's.
        var verdict = FixVerdicts.Judge(RhelRelease, RhelBuild, Entries("RHEL 9.2 kernel-5.14.0-284.40.1", "RHEL 9.3 kernel-5.14.0-362.24.1"));

        Assert.Equal(FixVerdictKind.PredatesFix, verdict.Kind);
        Assert.Equal("RHEL 9.3 kernel-5.14.0-362.24.1", verdict.Fix?.Text);
    }

    [Fact]
    public void Rhel_kernel_is_not_judged_by_upstream_versions()
    {
        var verdict = FixVerdicts.Judge(RhelRelease, RhelBuild, Entries("5.15.149", "6.1.76", "RHEL 8.9 kernel-4.18.0-513.11.1"));

        Assert.Equal(FixVerdictKind.NoFixOnItsLine, verdict.Kind);
        Assert.Equal(
            "no fix is listed for RHEL 9 (listed: 5.15.149, 6.1.76, RHEL 8.9 kernel-4.18.0-513.11.1); upstream versions say nothing about a backport kernel like 5.14.0-362.8.1.el9_3",
            verdict.Sentence);
    }

    [Fact]
    public void Rhel_kernel_on_another_major_release_has_no_fix_on_its_line()
    {
        var verdict = FixVerdicts.Judge("4.18.0-513.5.1.el8_9.x86_64", RhelBuild, Entries("RHEL 9.3 kernel-5.14.0-362.8.1"));

        Assert.Equal(FixVerdictKind.NoFixOnItsLine, verdict.Kind);
        Assert.Equal("no fix is listed for RHEL 8 (listed: RHEL 9.3 kernel-5.14.0-362.8.1)", verdict.Sentence);
    }

    [Theory]
    [InlineData("5.15.0-91-generic", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023", FixVerdictKind.PredatesFix, "your kernel Ubuntu 5.15.0-91.101 predates the fix Ubuntu 5.15.0-100.110")]
    [InlineData("5.15.0-101-generic", "#111-Ubuntu SMP Tue Mar 5 20:16:58 UTC 2024", FixVerdictKind.HasFix, "your kernel Ubuntu 5.15.0-101.111 has the fix Ubuntu 5.15.0-100.110 — look again")]
    [InlineData("5.15.0-100-generic", "#110~20.04.1-Ubuntu SMP Wed Feb 14 14:33:02 UTC 2024", FixVerdictKind.HasFix, "your kernel Ubuntu 5.15.0-100.110~20.04.1 has the fix Ubuntu 5.15.0-100.110 — look again")]
    public void Ubuntu_kernel_is_judged_by_its_abi_version(string release, string build, FixVerdictKind kind, string sentence)
    {
        var verdict = FixVerdicts.Judge(release, build, Entries("6.1.76", "Ubuntu 5.15.0-100.110"));

        Assert.Equal((kind, sentence), (verdict.Kind, verdict.Sentence));
    }

    [Fact]
    public void Ubuntu_derivative_kernel_is_not_judged_by_the_main_kernel_entry()
    {
        var verdict = FixVerdicts.Judge("5.15.0-1051-aws", "#56~20.04.1-Ubuntu SMP Tue Nov 28 15:43:31 UTC 2023", Entries("Ubuntu 5.15.0-100.110", "5.15.149"));

        Assert.Equal(FixVerdictKind.NoFixOnItsLine, verdict.Kind);
        Assert.StartsWith("no fix is listed for Ubuntu 5.15 aws", verdict.Sentence);
        Assert.EndsWith("upstream versions say nothing about a backport kernel like Ubuntu 5.15.0-1051.56~20.04.1", verdict.Sentence);
    }

    [Fact]
    public void Fedora_kernel_is_judged_by_its_own_entry_then_by_upstream()
    {
        Assert.Equal(FixVerdictKind.PredatesFix, FixVerdicts.Judge("6.5.6-300.fc39.x86_64", null, Entries("Fedora 39 kernel-6.5.6-301.fc39", "6.5.5")).Kind);
        Assert.Equal("your kernel 6.5.6 has the fix 6.5.5 — look again", FixVerdicts.Judge("6.5.6-300.fc39.x86_64", null, Entries("6.5.5")).Sentence);
    }

    [Fact]
    public void No_entries_at_all_is_no_fix_on_its_line()
    {
        var verdict = FixVerdicts.Judge(DebianRelease, DebianBuild, []);

        Assert.Equal(FixVerdictKind.NoFixOnItsLine, verdict.Kind);
        Assert.Equal("no fixed-in versions are listed", verdict.Sentence);
    }

    private static FixedInEntry[] Entries(params string[] texts) =>
        [.. texts.Select(t => FixedInEntry.TryParse(t, out var entry, out string? error) ? entry : throw new ArgumentException(error))];
}
