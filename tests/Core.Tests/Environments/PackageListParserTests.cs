using Crashdesk.Core.Environments;

namespace Crashdesk.Core.Tests.Environments;

/// <summary>The package-list parser on lists as dpkg, rpm and sos print them (lines copied from Debian 12 and RHEL 9 hosts).</summary>
public sealed class PackageListParserTests
{
    // dpkg -l on Debian 12 (dpkg 1.21), header and rows as printed; one removed package (rc) at the end.
    private const string DpkgList = """
        Desired=Unknown/Install/Remove/Purge/Hold
        | Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend
        |/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)
        ||/ Name                                      Version                             Architecture Description
        +++-=========================================-===================================-============-================================================================================
        ii  adduser                                   3.134                               all          add and remove users and groups
        ii  base-files                                12.4+deb12u11                       amd64        Debian base system miscellaneous files
        ii  clang-format:amd64                        1:14.0-55.7~deb12u1                 amd64        Tool to format C/C++/Obj-C code
        ii  libc6:amd64                               2.36-9+deb12u10                     amd64        GNU C Library: Shared libraries
        hi  linux-image-6.1.0-18-amd64                6.1.76-1                            amd64        Linux 6.1 for 64-bit PCs (signed)
        rc  linux-image-6.1.0-13-amd64                6.1.55-1                            amd64        Linux 6.1 for 64-bit PCs (signed)
        """;

    [Fact]
    public void Dpkg_rows_give_name_without_qualifier_version_and_architecture()
    {
        var list = PackageListParser.Parse(DpkgList);

        Assert.Equal(PackageListFormat.Dpkg, list.Format);
        Assert.Empty(list.Problems);
        Assert.Equal(
            [
                new PackageFact("adduser", "3.134", "all"),
                new PackageFact("base-files", "12.4+deb12u11", "amd64"),
                new PackageFact("clang-format", "1:14.0-55.7~deb12u1", "amd64"),
                new PackageFact("libc6", "2.36-9+deb12u10", "amd64"),
                new PackageFact("linux-image-6.1.0-18-amd64", "6.1.76-1", "amd64"),
            ],
            list.Packages);
    }

    [Fact]
    public void Dpkg_removed_packages_are_not_installed_ones() =>
        Assert.DoesNotContain(PackageListParser.ParseDpkg(DpkgList).Packages, p => p.Name == "linux-image-6.1.0-13-amd64");

    [Fact]
    public void Dpkg_rows_pasted_without_the_header_are_read_too()
    {
        var list = PackageListParser.Parse("ii  libc6:amd64  2.36-9+deb12u10 amd64  GNU C Library: Shared libraries\nii  tzdata  2025b-0+deb12u2  all  time zone and daylight-saving time data\n");

        Assert.Equal(PackageListFormat.Dpkg, list.Format);
        Assert.Equal([new PackageFact("libc6", "2.36-9+deb12u10", "amd64"), new PackageFact("tzdata", "2025b-0+deb12u2", "all")], list.Packages);
    }

    [Fact]
    public void Dpkg_without_an_architecture_column_takes_the_qualifier()
    {
        // dpkg before 1.16.2 (Debian 6) printed Name, Version, Description.
        const string old = """
            ||/ Name                 Version              Description
            +++-====================-====================-==================================
            ii  libc6:amd64          2.11.3-4             Embedded GNU C Library: Shared libraries
            ii  adduser              3.112+nmu2           add and remove users and groups
            """;

        Assert.Equal([new PackageFact("libc6", "2.11.3-4", "amd64"), new PackageFact("adduser", "3.112+nmu2", null)], PackageListParser.ParseDpkg(old).Packages);
    }

    [Fact]
    public void Dpkg_lines_that_are_not_rows_are_problems_with_their_line_number()
    {
        var list = PackageListParser.ParseDpkg("ii  adduser 3.134 all add and remove users\nthis is not a row\nii  tzdata 2025b-0+deb12u2 all tz\n");

        Assert.Equal(2, list.Packages.Count);
        var problem = Assert.Single(list.Problems);
        Assert.Equal(2, problem.Line);
        Assert.Contains("this is not a row", problem.Message);
    }

    [Theory]
    [InlineData("kernel-5.14.0-362.8.1.el9_3.x86_64", "kernel", "5.14.0-362.8.1.el9_3", "x86_64")]
    [InlineData("glibc-2.34-83.el9_3.7.x86_64", "glibc", "2.34-83.el9_3.7", "x86_64")]
    [InlineData("python3-libs-3.9.18-1.el9_3.x86_64", "python3-libs", "3.9.18-1.el9_3", "x86_64")]
    [InlineData("tzdata-2023c-1.el9.noarch", "tzdata", "2023c-1.el9", "noarch")]
    [InlineData("glibc-2.34-83.el9_3.7.i686", "glibc", "2.34-83.el9_3.7", "i686")]
    [InlineData("389-ds-base-2.3.6-5.el9_3.x86_64", "389-ds-base", "2.3.6-5.el9_3", "x86_64")]
    [InlineData("gpg-pubkey-fd431d51-4ae0493b", "gpg-pubkey", "fd431d51-4ae0493b", null)]
    [InlineData("NetworkManager-1:1.44.0-3.el9.x86_64", "NetworkManager", "1:1.44.0-3.el9", "x86_64")]
    [InlineData("1:NetworkManager-1.44.0-3.el9.x86_64", "NetworkManager", "1:1.44.0-3.el9", "x86_64")]
    [InlineData("perl-Time-Local-1:1.300-7.el9.noarch", "perl-Time-Local", "1:1.300-7.el9", "noarch")]
    public void Rpm_nevra_splits_from_the_right(string nevra, string name, string version, string? arch) =>
        Assert.Equal(new PackageFact(name, version, arch), PackageListParser.ParseNevra(nevra));

    [Fact]
    public void Rpm_list_as_sos_writes_installed_rpms()
    {
        // sos's rpm plugin: rpm -qa --qf '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}~~%{INSTALLTIME:date}', padded to 59 by awk, sort -V.
        const string installed = """
            NetworkManager-1.44.0-3.el9.x86_64                          Tue 21 Nov 2023 10:14:52 AM UTC
            glibc-2.34-83.el9_3.7.x86_64                                Tue 21 Nov 2023 10:13:40 AM UTC
            gpg-pubkey-fd431d51-4ae0493b                                Tue 21 Nov 2023 10:20:11 AM UTC
            kernel-5.14.0-362.8.1.el9_3.x86_64                          Tue 21 Nov 2023 10:15:02 AM UTC
            """;

        var list = PackageListParser.Parse(installed);

        Assert.Equal(PackageListFormat.Rpm, list.Format);
        Assert.Empty(list.Problems);
        Assert.Equal(["NetworkManager", "glibc", "gpg-pubkey", "kernel"], list.Packages.Select(p => p.Name));
        Assert.Equal("5.14.0-362.8.1.el9_3", list.Packages[3].Version);
    }

    [Fact]
    public void Rpm_words_that_are_no_nevra_are_problems()
    {
        var list = PackageListParser.ParseRpm("kernel-5.14.0-362.8.1.el9_3.x86_64\nbash\n\nfoo-1.0\n");

        Assert.Single(list.Packages);
        Assert.Equal([2, 4], list.Problems.Select(p => p.Line));
        Assert.Contains("\"bash\" is not name-version-release", list.Problems[0].Message);
    }

    [Fact]
    public void Csv_with_a_header_may_order_its_columns()
    {
        var list = PackageListParser.Parse("Package,Architecture,Version\nlibc6,amd64,2.36-9+deb12u10\n\"openssl\",amd64,\"3.0.15-1~deb12u1\"\n");

        Assert.Equal(PackageListFormat.Csv, list.Format);
        Assert.Equal([new PackageFact("libc6", "2.36-9+deb12u10", "amd64"), new PackageFact("openssl", "3.0.15-1~deb12u1", "amd64")], list.Packages);
    }

    [Fact]
    public void Csv_without_a_header_is_name_version_arch()
    {
        var list = PackageListParser.Parse("kernel,5.14.0-362.8.1.el9_3,x86_64\nglibc,2.34-83.el9_3.7\nlibc6:amd64,2.36-9+deb12u10\n");

        Assert.Equal(
            [new PackageFact("kernel", "5.14.0-362.8.1.el9_3", "x86_64"), new PackageFact("glibc", "2.34-83.el9_3.7", null), new PackageFact("libc6", "2.36-9+deb12u10", "amd64")],
            list.Packages);
        Assert.Empty(list.Problems);
    }

    [Fact]
    public void Csv_rows_without_a_version_or_with_an_open_quote_are_problems()
    {
        var list = PackageListParser.ParseCsv("name,version\nbash,\n\"open,1.0\n,2.0\nzlib,1.2.13\n");

        Assert.Equal([new PackageFact("zlib", "1.2.13", null)], list.Packages);
        Assert.Equal([(2, "bash: no version"), (3, "a quoted field is not closed"), (4, "no package name")], list.Problems.Select(p => (p.Line, p.Message)));
    }

    [Fact]
    public void Blank_text_is_empty() => Assert.Equal(PackageListFormat.Empty, PackageListParser.Parse(" \n\n").Format);
}
