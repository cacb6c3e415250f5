using Crashdesk.Core.Environments;
using Crashdesk.Core.Environments.Sosreport;

using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>
/// Small sosreport-shaped archives made member by member: the links sos puts at the report's root
/// before or after their targets, linked directories, link loops, members that are missing, too
/// large or sparse, and what each gives (a fact, or a gap that says why).
/// </summary>
public sealed class SyntheticSosreportTests
{
    private const string Report = "sosreport-web3-2026-12-01-qwerty";
    private const string Uname = "Linux web3 5.14.0-362.8.1.el9_3.x86_64 #1 SMP PREEMPT_DYNAMIC Wed Nov 8 17:36:32 UTC 2023 x86_64 x86_64 x86_64 GNU/Linux\n";
    private const string Rpms = "glibc-2.34-83.el9_3.7.x86_64                                Tue 21 Nov 2023 10:13:40 AM UTC\n" +
                                "kernel-5.14.0-362.8.1.el9_3.x86_64                          Tue 21 Nov 2023 10:15:02 AM UTC\n";
    private const string RpmCommand = "sos_commands/rpm/sh_-c_rpm_--nodigest_-qa_--qf_NAME_-_VERSION_-_RELEASE_._ARCH_INSTALLTIME_date_awk_-F_printf_-59s_n_1_2_sort_-V";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Links_are_followed_whether_they_come_before_or_after_their_targets()
    {
        var tar = Start("kernel", "rpm", "release")
            .Symlink($"{Report}/etc/os-release", "../usr/lib/os-release")      // before its target
            .Symlink($"{Report}/installed-rpms", RpmCommand)                   // before its target
            .File($"{Report}/{RpmCommand}", Rpms)
            .File($"{Report}/sos_commands/kernel/uname_-a", Uname)
            .File($"{Report}/usr/lib/os-release", "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.3 (Plow)\"\nVERSION_ID=\"9.3\"\n")
            .Symlink($"{Report}/uname", "sos_commands/kernel/uname_-a");      // after its target

        var document = await ReadAsync(tar);

        Assert.Equal("5.14.0-362.8.1.el9_3.x86_64", document.Os["kernelRelease"].Value);
        Assert.Equal("#1 SMP PREEMPT_DYNAMIC Wed Nov 8 17:36:32 UTC 2023", document.Os["kernelBuild"].Value);
        Assert.Equal("Red Hat Enterprise Linux", document.Os["distribution"].Value);
        Assert.Equal("9.3", document.Os["distributionRelease"].Value);
        Assert.Equal([new PackageFact("glibc", "2.34-83.el9_3.7", "x86_64"), new PackageFact("kernel", "5.14.0-362.8.1.el9_3", "x86_64")], document.Packages!.Items);
    }

    [Fact]
    public async Task A_linked_directory_and_a_chain_of_links_are_followed()
    {
        // etc/os-release -> ../lib/os-release, lib -> usr/lib (sos keeps the root's lib link), usr/lib/os-release the file.
        var tar = Start("release")
            .Symlink($"{Report}/etc/os-release", "../lib/os-release")
            .Symlink($"{Report}/lib", "usr/lib")
            .File($"{Report}/usr/lib/os-release", "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n");

        var document = await ReadAsync(tar);

        Assert.Equal("Debian GNU/Linux", document.Os["distribution"].Value);
    }

    [Fact]
    public async Task A_hard_link_names_its_target_from_the_archives_root()
    {
        var tar = Start("host")
            .File($"{Report}/sos_commands/host/hostname", "web3.example.com\n")
            .HardLink($"{Report}/hostname", $"{Report}/sos_commands/host/hostname");

        Assert.Equal("web3.example.com", (await ReadAsync(tar)).Os["hostname"].Value);
    }

    [Fact]
    public async Task A_loop_of_links_is_a_gap_not_a_hang()
    {
        var tar = Start("kernel")
            .Symlink($"{Report}/uname", "sos_commands/kernel/uname_-a")
            .Symlink($"{Report}/sos_commands/kernel/uname_-a", "../../uname");

        var gap = Assert.Single((await ReadAsync(tar)).Unknown, g => g.Field == "os.kernelRelease");

        Assert.Contains("a chain of more than 8 links, or a loop", gap.Why);
    }

    [Fact]
    public async Task A_link_to_a_member_the_archive_lacks_is_a_gap_that_names_the_target()
    {
        var tar = Start("kernel").Symlink($"{Report}/lsmod", "sos_commands/kernel/lsmod");

        var gap = Assert.Single((await ReadAsync(tar)).Unknown, g => g.Field == "modules");

        Assert.Equal("the sosreport's lsmod links to sos_commands/kernel/lsmod, which the archive does not hold", gap.Why);
    }

    [Fact]
    public async Task A_missing_member_is_a_gap_that_says_whether_its_plugin_ran()
    {
        // version.txt lists kernel and hardware: lscpu's plugin (processor) did not run, dmidecode's did and wrote nothing.
        var document = await ReadAsync(Start("kernel", "hardware"));

        Assert.Equal("the sosreport has no sos_commands/processor/lscpu (plugin processor not run)", Gap(document, "hardware.cpuModel"));
        Assert.Equal("the sosreport has no dmidecode (plugin hardware ran and collected nothing here)", Gap(document, "hardware.vendor"));
        Assert.Empty(document.Hardware);
    }

    [Fact]
    public async Task Members_at_the_archives_root_are_read_as_the_report()
    {
        // A report packed again from inside its directory: "./uname", no report directory.
        var tar = new TarBuilder().Directory("./").File("./version.txt", "sosreport: 4.0\nkernel: unversioned\n").File("./sos_commands/kernel/uname_-a", Uname)
            .Symlink("./uname", "sos_commands/kernel/uname_-a");

        Assert.Equal("5.14.0-362.8.1.el9_3.x86_64", (await ReadAsync(tar)).Os["kernelRelease"].Value);
    }

    [Fact]
    public async Task A_parsed_member_over_the_cap_is_not_read_at_all()
    {
        var sysctl = string.Concat(Enumerable.Range(0, 200).Select(i => $"net.ipv4.conf.eth{i}.rp_filter = 1\n"));
        var tar = Start("kernel").File($"{Report}/sos_commands/kernel/sysctl_-a", sysctl);

        var document = await ReadAsync(tar, SosreportLimits.Default with { MaxParsedMemberBytes = 4096 });

        Assert.Null(document.Sysctls);
        Assert.Equal($"sos_commands/kernel/sysctl_-a is {Math.Round(sysctl.Length / 1024.0, 1)} KiB, more than the 4 KiB read of one member", Gap(document, "sysctls"));
    }

    [Fact]
    public async Task Commands_that_failed_are_gaps_that_quote_them()
    {
        var tar = Start("kernel", "hardware")
            .File($"{Report}/sos_commands/hardware/dmidecode", "# dmidecode 3.4\nScanning /dev/mem for entry point.\n/dev/mem: No such file or directory\n")
            .File($"{Report}/sos_commands/kernel/lsmod", "libkmod: ERROR ../libkmod/libkmod-module.c:1725 kmod_module_new_from_loaded: could not open /proc/modules: No such file or directory\nError: could not get list of modules: No such file or directory\n")
            .Symlink($"{Report}/dmidecode", "sos_commands/hardware/dmidecode")
            .Symlink($"{Report}/lsmod", "sos_commands/kernel/lsmod");

        var document = await ReadAsync(tar);

        Assert.Equal("dmidecode: /dev/mem: No such file or directory", Gap(document, "hardware.vendor"));
        Assert.Equal("dmidecode: /dev/mem: No such file or directory", Gap(document, "hardware.biosVersion"));
        Assert.Equal("lsmod: could not open /proc/modules: No such file or directory", Gap(document, "modules"));
        Assert.Null(document.Modules);
    }

    [Fact]
    public async Task Dmidecode_lsmod_and_modinfo_that_worked_are_facts()
    {
        const string dmidecode = "# dmidecode 3.3\nSMBIOS 3.2 present.\n\nHandle 0x0000, DMI type 0, 26 bytes\nBIOS Information\n\tVendor: Dell Inc.\n\tVersion: 2.12.2\n\tRelease Date: 07/09/2021\n\n" +
            "Handle 0x0100, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Dell Inc.\n\tProduct Name: PowerEdge R740\n\tSerial Number: Not Specified\n\n" +
            "Handle 0x0200, DMI type 2, 8 bytes\nBase Board Information\n\tManufacturer: Dell Inc.\n\tProduct Name: 06WXJT\n";
        var tar = Start("kernel", "hardware")
            .File($"{Report}/sos_commands/hardware/dmidecode", dmidecode)
            .File($"{Report}/sos_commands/kernel/lsmod", "Module                  Size  Used by\ne1000e                339968  0\ndm_mod                212992  9 dm_log\n")
            .File($"{Report}/sos_commands/kernel/modinfo_ALL_MODULES", "filename:       /lib/modules/5.14.0/kernel/drivers/net/e1000e.ko.xz\nversion:        3.8.7-NAPI\nname:           e1000e\n");

        var document = await ReadAsync(tar);

        Assert.Equal(("Dell Inc.", "PowerEdge R740", "06WXJT", "2.12.2", "07/09/2021", "Dell Inc. PowerEdge R740"),
            (document.Hardware["vendor"].Value, document.Hardware["product"].Value, document.Hardware["board"].Value,
             document.Hardware["biosVersion"].Value, document.Hardware["biosDate"].Value, document.Hardware["system"].Value));
        Assert.Equal([new ModuleFact("e1000e", "3.8.7-NAPI", null), new ModuleFact("dm_mod", null, null)], document.Modules!.Items);
    }

    [Fact]
    public async Task Time_zone_and_security_module()
    {
        var tar = Start("date", "selinux")
            .Symlink($"{Report}/etc/localtime", "../usr/share/zoneinfo/America/New_York")
            .File($"{Report}/sos_commands/selinux/sestatus", "SELinux status:                 enabled\nLoaded policy name:             targeted\nCurrent mode:                   permissive\n");

        var document = await ReadAsync(tar);

        Assert.Equal("America/New_York", document.Os["timeZone"].Value);
        Assert.Equal("SELinux permissive (targeted)", document.Os["securityModule"].Value);
    }

    [Fact]
    public async Task A_copied_localtime_names_no_zone()
    {
        var tar = Start("date").File($"{Report}/etc/localtime", "TZif2\0\0\0");

        Assert.Contains("is a copy of a zone file, not a link", Gap(await ReadAsync(tar), "os.timeZone"));
    }

    [Theory]
    [InlineData("12288\n", "OE")]        // TAINT_OOT_MODULE (12) and TAINT_UNSIGNED_MODULE (13): an out-of-tree, unsigned module
    [InlineData("0\n", "Not tainted")]
    public async Task Taint_is_the_letters_of_the_copied_taint_mask(string tainted, string letters)
    {
        var tar = Start("kernel").File($"{Report}/proc/sys/kernel/tainted", tainted);

        Assert.Equal(letters, (await ReadAsync(tar)).Os["taint"].Value);
    }

    [Fact]
    public async Task A_taint_file_that_is_not_a_number_is_a_gap() =>
        Assert.Contains("is not a decimal taint mask", Gap(await ReadAsync(Start("kernel").File($"{Report}/proc/sys/kernel/tainted", "n/a\n")), "os.taint"));

    private static TarBuilder Start(params string[] plugins) =>
        new TarBuilder().Directory($"{Report}/").File($"{Report}/version.txt", "sosreport: 4.0\n" + string.Concat(plugins.Select(p => $"{p}: unversioned\n")));

    private static string Gap(EnvironmentDocument document, string field) => Assert.Single(document.Unknown, g => g.Field == field).Why;

    private static async Task<EnvironmentDocument> ReadAsync(TarBuilder tar, SosreportLimits? limits = null) =>
        await SosreportReader.ReadAsync(new MemoryStream(Programs.Xz(tar.ToArray()), writable: false), "sosreport-web3.tar.xz", At, limits ?? SosreportLimits.Default, CancellationToken.None);
}
