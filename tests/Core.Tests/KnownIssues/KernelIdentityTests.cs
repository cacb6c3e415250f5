using Crashdesk.Core.KnownIssues;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.KnownIssues;

/// <summary>Kernels read from real <c>uname -r</c> / <c>uname -v</c> pairs, oops headers and boot banners.</summary>
public sealed class KernelIdentityTests
{
    private const string FixtureRelease = "6.1.0-56-cloud-amd64";

    [Theory]
    [InlineData("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)")]
    [InlineData("#1  Debian 6.1.192-2")]
    [InlineData("Debian 6.1.192-2")]
    public void Debian_kernel_is_its_package_version_on_its_series(string build)
    {
        var kernel = KernelIdentity.Read(FixtureRelease, build);

        Assert.Equal(KernelKind.Debian, kernel.Kind);
        Assert.Equal(new KernelLine(KernelKind.Debian, "6.1"), kernel.Line);
        Assert.Equal("6.1.192-2", kernel.Version);
        Assert.Equal("Debian 6.1.192-2", kernel.Label);
        Assert.Equal("6.1.192", kernel.Upstream?.Text);
        Assert.Null(kernel.Reason);
    }

    /// <summary>
    /// The fixture dumps' console logs: the boot banner names the compiler's Debian package before
    /// the kernel's (<c>gcc-12 (Debian 12.2.0-14+deb12u1)</c>), and the oops header ends with the build string.
    /// </summary>
    [Fact]
    public void Debian_kernel_from_the_fixture_console_logs_banner_and_oops_header()
    {
        var consoles = Directory.GetFiles(TestFixtures.Folder("debian-6.1-cloud"), "console.txt", SearchOption.AllDirectories);
        Assert.NotEmpty(consoles);
        foreach (string console in consoles)
        {
            string log = File.ReadAllText(console);
            string banner = After(log, "Linux version ");
            Assert.StartsWith(FixtureRelease + " ", banner);
            Assert.Contains("(Debian 12.2.0-14+deb12u1)", banner);
            var fromBanner = KernelIdentity.Read(FixtureRelease, banner[FixtureRelease.Length..]);
            Assert.Equal(("6.1.192-2", "6.1.192"), (fromBanner.Version, fromBanner.Upstream?.Text));

            string header = After(log, "Tainted: ");
            string build = header[(header.IndexOf(FixtureRelease, StringComparison.Ordinal) + FixtureRelease.Length)..];
            Assert.Equal("6.1.192-2", KernelIdentity.Read(FixtureRelease, build).Version);
        }
    }

    [Theory]
    // Debian 13's ABI names carry the upstream version; a backport's rebuild suffix is shown, not compared.
    [InlineData("6.12.38+deb13-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.12.38-1 (2025-07-16)", "6.12", "6.12.38-1", "Debian 6.12.38-1", "6.12.38")]
    [InlineData("6.12.12+bpo-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.12.12-1~bpo12+1 (2025-02-23)", "6.12", "6.12.12-1", "Debian 6.12.12-1~bpo12+1", "6.12.12")]
    [InlineData("5.10.0-28-amd64", "#1 SMP Debian 5.10.209-2 (2024-01-31)", "5.10", "5.10.209-2", "Debian 5.10.209-2", "5.10.209")]
    [InlineData("6.8.0-rc3-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.8~rc3-1~exp1 (2024-02-05)", "6.8", "6.8~rc3-1~exp1", "Debian 6.8~rc3-1~exp1", "6.8-rc3")]
    public void Debian_kernels(string release, string build, string series, string version, string label, string upstream)
    {
        var kernel = KernelIdentity.Read(release, build);

        Assert.Equal(KernelKind.Debian, kernel.Kind);
        Assert.Equal((new KernelLine(KernelKind.Debian, series), version, label, upstream), (kernel.Line, kernel.Version, kernel.Label, kernel.Upstream?.Text));
    }

    [Theory]
    [InlineData("5.14.0-362.8.1.el9_3.x86_64", "9", 3, "5.14.0-362.8.1", "5.14.0-362.8.1.el9_3")]
    [InlineData("5.14.0-362.8.1.el9_3.x86_64+debug", "9", 3, "5.14.0-362.8.1", "5.14.0-362.8.1.el9_3")]
    [InlineData("5.14.0-70.13.1.el9_0.aarch64", "9", 0, "5.14.0-70.13.1", "5.14.0-70.13.1.el9_0")]
    [InlineData("4.18.0-513.5.1.el8_9.x86_64", "8", 9, "4.18.0-513.5.1", "4.18.0-513.5.1.el8_9")]
    [InlineData("4.18.0-553.el8_10.x86_64", "8", 10, "4.18.0-553", "4.18.0-553.el8_10")]
    [InlineData("3.10.0-1160.102.1.el7.x86_64", "7", null, "3.10.0-1160.102.1", "3.10.0-1160.102.1.el7")]
    [InlineData("3.10.0-1160.el7.x86_64.debug", "7", null, "3.10.0-1160", "3.10.0-1160.el7")]
    [InlineData("5.14.0-362.el9.x86_64", "9", null, "5.14.0-362", "5.14.0-362.el9")]
    public void Rhel_kernels_are_their_version_release_without_dist_tag(string release, string major, int? minor, string version, string label)
    {
        var kernel = KernelIdentity.Read(release, "#1 SMP PREEMPT_DYNAMIC Fri Nov 10 12:34:56 EST 2023");

        Assert.Equal(KernelKind.Rhel, kernel.Kind);
        Assert.Equal((new KernelLine(KernelKind.Rhel, major), minor, version, label), (kernel.Line, kernel.MinorRelease, kernel.Version, kernel.Label));
        Assert.Null(kernel.Upstream); // a backport kernel: its 5.14.0 says nothing of its fixes
    }

    [Theory]
    [InlineData("6.5.6-300.fc39.x86_64", "39", "6.5.6-300", "6.5.6")]
    [InlineData("6.8.0-0.rc3.29.fc40.x86_64", "40", "6.8.0-0.rc3.29", "6.8.0-rc3")]
    [InlineData("6.8.0-0.rc3.20240207git.29.fc40.x86_64", "40", "6.8.0-0.rc3.20240207git.29", "6.8.0-rc3")]
    public void Fedora_kernels_follow_the_stable_releases(string release, string fedora, string version, string upstream)
    {
        var kernel = KernelIdentity.Read(release, null);

        Assert.Equal(KernelKind.Fedora, kernel.Kind);
        Assert.Equal((new KernelLine(KernelKind.Fedora, fedora), version, upstream), (kernel.Line, kernel.Version, kernel.Upstream?.Text));
    }

    [Theory]
    [InlineData("5.15.0-91-generic", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023", "5.15", "5.15.0-91.101", "Ubuntu 5.15.0-91.101")]
    [InlineData("5.15.0-91-generic", "#101~20.04.1-Ubuntu SMP Thu Nov 16 14:22:28 UTC 2023", "5.15", "5.15.0-91.101", "Ubuntu 5.15.0-91.101~20.04.1")]
    [InlineData("6.5.0-14-generic", "#14~22.04.1-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov 20 18:15:30 UTC 2023", "6.5", "6.5.0-14.14", "Ubuntu 6.5.0-14.14~22.04.1")]
    [InlineData("5.15.0-1051-aws", "#56~20.04.1-Ubuntu SMP Tue Nov 28 15:43:31 UTC 2023", "5.15 aws", "5.15.0-1051.56", "Ubuntu 5.15.0-1051.56~20.04.1")]
    public void Ubuntu_kernels_are_their_abi_version(string release, string build, string series, string version, string label)
    {
        var kernel = KernelIdentity.Read(release, build);

        Assert.Equal(KernelKind.Ubuntu, kernel.Kind);
        Assert.Equal((new KernelLine(KernelKind.Ubuntu, series), version, label), (kernel.Line, kernel.Version, kernel.Label));
        Assert.Null(kernel.Upstream);
    }

    [Theory]
    [InlineData("6.6.30", "6.6", "6.6.30")]
    [InlineData("6.1.76-foo", "6.1", "6.1.76")]
    [InlineData("6.8.0-rc3+", "6.8", "6.8.0-rc3")]
    [InlineData("6.9.1-arch1-1", "6.9", "6.9.1")]
    [InlineData("6.1.0", "6.1", "6.1.0")]
    public void Upstream_kernels_drop_their_local_version(string release, string series, string version)
    {
        var kernel = KernelIdentity.Read(release, "#1 SMP PREEMPT_DYNAMIC Sat May 18 10:02:13 UTC 2024");

        Assert.Equal(KernelKind.Upstream, kernel.Kind);
        Assert.Equal((KernelLine.Upstream(series), version, version), (kernel.Line, kernel.Version, kernel.Upstream?.Text));
    }

    [Theory]
    [InlineData(null, null, "no kernel release")]
    [InlineData("  ", null, "no kernel release")]
    [InlineData(FixtureRelease, null, "Debian or Ubuntu ABI name")]
    [InlineData(FixtureRelease, "#1 SMP PREEMPT_DYNAMIC Fri Nov 10 12:34:56 EST 2023", "it names neither")]
    [InlineData("5.15.0-91-generic", null, "Debian or Ubuntu ABI name")]
    [InlineData("5.10.0-28-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", "not of the 6.1 series")]
    [InlineData("6.12.38+deb13-amd64", null, "distribution kernel")]
    [InlineData("5.15.0-200.131.27.el9uek.x86_64", null, "Oracle UEK")]
    [InlineData("5.10.205-195.807.amzn2.x86_64", null, "distribution")]
    [InlineData("5.14.21-150500.55.39-default", null, "package release")]
    [InlineData("5.15.153.1-2.cm2", null, "local version")]
    [InlineData("Linux", null, "does not start with a kernel version")]
    [InlineData("6.6.30", "#101-Ubuntu SMP PREEMPT_DYNAMIC Tue Nov 14 13:30:08 UTC 2023", "not Ubuntu's")]
    public void Shapes_it_cannot_place_are_unknown_with_the_reason(string? release, string? build, string reason)
    {
        var kernel = KernelIdentity.Read(release, build);

        Assert.Equal(KernelKind.Unknown, kernel.Kind);
        Assert.Null(kernel.Version);
        Assert.Contains(reason, kernel.Reason);
    }

    private static string After(string log, string marker)
    {
        int at = log.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no '{marker}' in the console log");
        int end = log.IndexOf('\n', at);
        return log[(at + marker.Length)..(end < 0 ? log.Length : end)].TrimEnd();
    }
}
