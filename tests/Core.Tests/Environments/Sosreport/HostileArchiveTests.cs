using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Crashdesk.Core.Environments;
using Crashdesk.Core.Environments.Sosreport;

using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>
/// Archives made to attack whoever unpacks them, broken archives, and files that are no archive: each
/// is refused as a whole, with a message that names the user's file and the member and says what is
/// wrong, and the reader writes nothing anywhere while it reads (<see cref="FileSystemWatch"/>).
/// </summary>
[Collection(NoParallelFileSystemCollection.Name)]
public sealed class HostileArchiveTests
{
    private const string Report = "sosreport-db1-2026-12-02-abcdef";
    private const string File = "sosreport-db1.tar.xz";

    [Fact]
    public async Task A_member_above_the_archive_root_is_refused()
    {
        var tar = Sosreport().File("../../etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");

        var refused = await RefuseAsync(Programs.Xz(tar.ToArray()), File, "../../etc/passwd");

        Assert.Equal($"{File}: member \"../../etc/passwd\" points outside the archive; refused (nothing was extracted)", refused.Message);
    }

    [Fact]
    public async Task A_dot_dot_that_stays_inside_the_archive_is_no_escape()
    {
        var tar = Sosreport().File($"{Report}/proc/../proc/cmdline", "console=ttyS0 quiet\n");

        var document = await ReadAsync(Programs.Xz(tar.ToArray()), File);

        Assert.Equal("console=ttyS0 quiet", document.Os["commandLine"].Value);
    }

    [Fact]
    public async Task An_absolute_member_is_refused()
    {
        var tar = Sosreport().File("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");

        var refused = await RefuseAsync(Programs.Xz(tar.ToArray()), File, "/etc/passwd");

        Assert.Equal($"{File}: member \"/etc/passwd\" has an absolute path, outside the archive; refused (nothing was extracted)", refused.Message);
    }

    [Fact]
    public async Task A_symbolic_link_to_an_absolute_path_is_refused()
    {
        var tar = Sosreport().Symlink($"{Report}/etc/shadow", "/etc/shadow");

        var refused = await RefuseAsync(Programs.Xz(tar.ToArray()), File, $"{Report}/etc/shadow");

        Assert.Equal($"{File}: member \"{Report}/etc/shadow\" is a symbolic link to \"/etc/shadow\", outside the archive; refused (nothing was extracted)", refused.Message);
    }

    [Fact]
    public async Task A_symbolic_link_that_climbs_out_of_the_archive_is_refused()
    {
        // From sosreport-…/x, "../../x" is one level above the archive's root.
        var tar = Sosreport().Symlink($"{Report}/x", "../../x");

        var refused = await RefuseAsync(Programs.Xz(tar.ToArray()), File, $"{Report}/x");

        Assert.Equal($"{File}: member \"{Report}/x\" is a symbolic link to \"../../x\", which points outside the archive; refused (nothing was extracted)", refused.Message);
    }

    [Theory]
    [InlineData("../../etc/passwd", "which points outside the archive")]
    [InlineData("/etc/passwd", "outside the archive")]
    public async Task A_hard_link_out_of_the_archive_is_refused(string target, string why)
    {
        var tar = Sosreport().HardLink($"{Report}/passwd", target);

        var refused = await RefuseAsync(Programs.Xz(tar.ToArray()), File, $"{Report}/passwd");

        Assert.Equal($"{File}: member \"{Report}/passwd\" is a hard link to \"{target}\", {why}; refused (nothing was extracted)", refused.Message);
    }

    [Fact]
    public async Task A_member_declaring_10_GiB_is_refused_from_its_header()
    {
        // A header that declares 10 GiB, then 1 KiB of data and the end of the file: reading 10 GiB would
        // first take long, then fail; the header alone must do.
        var tar = Sosreport().Declaring($"{Report}/var/log/lastlog", 10L << 30, new byte[1024]);
        var xz = Programs.Xz(tar.ToArray(endMarker: false));

        var clock = Stopwatch.StartNew();
        var refused = await RefuseAsync(xz, File, $"{Report}/var/log/lastlog");
        clock.Stop();

        Assert.Equal($"{File}: member \"{Report}/var/log/lastlog\" declares 10 GiB (10,737,418,240 bytes), more than the 2 GiB one member may have; refused (nothing was extracted)", refused.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("gnu")]
    [InlineData("posix")]
    public async Task A_10_GiB_sparse_file_made_by_gnu_tar_is_refused_from_its_header(string format)
    {
        // truncate makes a 10 GiB file of holes; tar -S stores only its map (a few blocks), with the real size in the header.
        string work = Path.Combine(Path.GetTempPath(), "crashdesk-tests", "sparse-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(work, Report, "var", "log"));
        byte[] xz;
        try
        {
            await System.IO.File.WriteAllTextAsync(Path.Combine(work, Report, "version.txt"), "sosreport: 4.0\n");
            Programs.Try("truncate", "-s", "10G", Path.Combine(work, Report, "var", "log", "lastlog")).Output();
            Programs.Try("tar", "-S", $"--format={format}", "-cJf", Path.Combine(work, "report.tar.xz"), "-C", work, Report).Output();
            xz = await System.IO.File.ReadAllBytesAsync(Path.Combine(work, "report.tar.xz"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        Assert.True(xz.Length < 64 * 1024, $"tar -S wrote {xz.Length} bytes: not a sparse archive");

        var clock = Stopwatch.StartNew();
        var refused = await RefuseAsync(xz, File, "lastlog");
        clock.Stop();

        Assert.Matches($@"^{Regex.Escape(File)}: member ""[^""]*lastlog"" declares 10 GiB \(10,737,418,240 bytes\) as a sparse file, more than the 2 GiB one member may have; refused \(nothing was extracted\)$", refused.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task More_members_than_the_limit_is_a_tar_bomb()
    {
        var tar = Sosreport();
        var names = new List<string> { $"{Report}/", $"{Report}/version.txt" };
        for (int i = 0; names.Count < 2000; i++)
        {
            names.Add($"{Report}/proc/irq/{i}/spurious");
            tar.File(names[^1], "count 0\n");
        }
        var limits = SosreportLimits.Default with { MaxEntries = 1000 };

        var refused = await RefuseAsync(Programs.Xz(tar.ToArray()), File, "spurious", limits);

        Assert.Equal($"{File}: member \"{names[1000]}\" is member number 1,001, more than the 1,000 a sosreport may have (a tar bomb?); refused (nothing was extracted)", refused.Message);
    }

    [Fact]
    public async Task More_declared_bytes_than_the_limit_is_a_tar_bomb()
    {
        var tar = Sosreport();
        for (int i = 1; i <= 8; i++)
            tar.File($"{Report}/var/log/big{i}", new byte[1 << 20]);
        var limits = SosreportLimits.Default with { MaxTotalBytes = 4L << 20 };

        // The directory and version.txt come first, so big4 passes 4 MiB.
        var refused = await RefuseAsync(Programs.Xz(tar.ToArray()), File, "big", limits);

        Assert.Equal(Report + "/var/log/big4", refused.Member);
        Assert.StartsWith($"{File}: member \"{Report}/var/log/big4\" brings the members' declared sizes to 4 MiB, more than the 4 MiB allowed in all (a tar bomb?)", refused.Message);
    }

    [Fact]
    public async Task Repeating_a_parsed_member_cannot_fill_the_memory()
    {
        // tar lets a path come again (the last one wins on extraction); each copy of a parsed member is read.
        var tar = Sosreport();
        for (int i = 0; i < 10; i++)
            tar.File($"{Report}/sos_commands/kernel/sysctl_-a", new string('x', 1000) + "\n");
        var limits = SosreportLimits.Default with { MaxParsedTotalBytes = 4096 };

        var refused = await RefuseAsync(Programs.Xz(tar.ToArray()), File, "sysctl_-a", limits);

        Assert.StartsWith($"{File}: member \"{Report}/sos_commands/kernel/sysctl_-a\" brings the members read to 4.9 KiB, more than the 4 KiB allowed", refused.Message);
    }

    [Fact]
    public async Task Data_that_expands_too_far_is_a_compression_bomb()
    {
        // 32 MiB of zeros become a few KiB of xz: with the ratio capped at 20 after 1 MiB, it stops early.
        var tar = Sosreport().File($"{Report}/var/log/zeros", new byte[32 << 20]);
        var limits = SosreportLimits.Default with { MaxCompressionRatio = 20, RatioGraceBytes = 1 << 20 };

        var refused = await RefuseAsync(Programs.Xz(tar.ToArray()), File, "zeros", limits);

        Assert.Equal($"{Report}/var/log/zeros", refused.Member);
        Assert.Matches($@"^{Regex.Escape(File)}: member ""{Report}/var/log/zeros"" makes the archive expand more than 20 times \(.+ became .+\), like a compression bomb; refused \(nothing was extracted\)$", refused.Message);
    }

    [Theory]
    [InlineData("notes.txt", "text")]
    [InlineData("vmcore", "random")]
    [InlineData("sosreport-db1.tar.xz", "xz-text")]
    [InlineData("sosreport-db1.tar.gz", "gzip-text")]
    public async Task What_is_not_a_tar_archive_is_not_a_sosreport(string name, string kind)
    {
        byte[] text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Kernel panic - not syncing: sysrq triggered crash\n", 40)));
        byte[] bytes = kind switch
        {
            "text" => text,
            "random" => RandomBytes(4096),
            "xz-text" => Programs.Xz(text),
            _ => Programs.Gzip(text),
        };
        string expected = kind switch
        {
            "xz-text" => $"{name} is not a sosreport: its xz data is not a tar archive",
            "gzip-text" => $"{name} is not a sosreport: its gzip data is not a tar archive",
            _ => $"{name} is not a sosreport: not a tar archive (xz, gzip, bzip2 or plain tar)",
        };

        var refused = await RefuseAsync(bytes, name, "panic");

        Assert.Equal(expected, refused.Message);
        Assert.Null(refused.Member);
    }

    [Fact]
    public async Task An_empty_file_is_not_a_sosreport() =>
        Assert.Equal("empty.tar.xz is empty: not a sosreport", (await RefuseAsync([], "empty.tar.xz", "empty")).Message);

    [Fact]
    public async Task A_tar_archive_of_other_files_is_not_a_sosreport()
    {
        var tar = new TarBuilder().Directory("photos/").File("photos/cat.jpg", "not really a cat");

        var refused = await RefuseAsync(Programs.Gzip(tar.ToArray()), "photos.tgz", "cat.jpg");

        Assert.Equal("photos.tgz is not a sosreport: a tar archive without sos_commands/ or version.txt", refused.Message);
    }

    [Fact]
    public async Task A_truncated_tar_xz_is_refused_naming_where_it_stops()
    {
        var real = await RealSosreport.GetAsync();
        var cut = real.Bytes[..(real.Bytes.Length / 2)];

        var refused = await RefuseAsync(cut, real.FileName, "truncated");

        Assert.NotNull(refused.Member);
        Assert.Matches($@"^{Regex.Escape(real.FileName)}: (the xz data is damaged or cut short near member ""[^""]+""|the archive ends inside member ""[^""]+"" \(the file is truncated\)); refused \(nothing was extracted\)$", refused.Message);
    }

    [Fact]
    public async Task A_truncated_plain_tar_is_refused_naming_the_cut_member()
    {
        var real = await RealSosreport.GetAsync();
        var tar = Programs.Unxz(real.Bytes);
        // Cut inside the data of the largest member (proc/kallsyms on most machines), so the cut is inside a member.
        var cut = tar[..(int)(tar.Length * 0.6)];

        var refused = await RefuseAsync(cut, "sosreport-db1.tar", "truncated");

        // sos's Python tarfile writes pax headers before some members: the cut may fall in one of them.
        Assert.Matches(@"^sosreport-db1\.tar: the archive ends (inside member ""[^""]+""|inside a tar [a-z ]+ after member ""[^""]+""|after member ""[^""]+"" without the tar end-of-archive marker) \(the file is truncated\); refused \(nothing was extracted\)$", refused.Message);
    }

    [Fact]
    public async Task A_damaged_header_is_refused_naming_the_member_before_it()
    {
        var bytes = Sosreport().File($"{Report}/uname", "Linux db1 6.1.0-18-amd64 #1 SMP x86_64 GNU/Linux\n").File($"{Report}/hostname", "db1\n").ToArray();
        // The headers: directory at 0, version.txt at 512 (+512 data), uname at 1536 (+512 data), hostname at 2560.
        bytes[2560 + 3] ^= 0x20;

        var refused = await RefuseAsync(bytes, "sosreport-db1.tar", "hostname");

        Assert.Equal($"sosreport-db1.tar: the tar header after member \"{Report}/uname\" is damaged (its checksum does not match); refused (nothing was extracted)", refused.Message);
    }

    [Fact]
    public async Task A_zstd_archive_is_named_as_such()
    {
        byte[] zstd = [0x28, 0xB5, 0x2F, 0xFD, 0x04, 0x00, 0x01, 0x00, 0x00];

        Assert.Equal("sosreport-db1.tar.zst is zstd-compressed, which is not read here: a sosreport is read from xz, gzip, bzip2 or plain tar",
            (await RefuseAsync(zstd, "sosreport-db1.tar.zst", "zst")).Message);
    }

    [Fact]
    public void The_watch_sees_a_reader_that_would_write()
    {
        // What the reader must never do, done on purpose: the watch reports it, so its silence above means something.
        IReadOnlyList<string> events;
        using (var watch = new FileSystemWatch("passwd"))
        {
            System.IO.File.WriteAllText(Path.Combine(Path.GetTempPath(), "passwd"), "root:x:0:0::/root:/bin/sh\n");
            events = watch.Events();
        }
        Assert.NotEmpty(events);
    }

    /// <summary>The start of a sosreport: its directory and sos's version.txt.</summary>
    private static TarBuilder Sosreport() => new TarBuilder().Directory($"{Report}/").File($"{Report}/version.txt", "sosreport: 4.0\nkernel: unversioned\n");

    private static async Task<EnvironmentDocument> ReadAsync(byte[] bytes, string name) =>
        await SosreportReader.ReadAsync(new MemoryStream(bytes, writable: false), name, DateTimeOffset.UnixEpoch, SosreportLimits.Default, CancellationToken.None);

    /// <summary>Reads under a <see cref="FileSystemWatch"/>: it must be refused, in the user's words, and nothing be written.</summary>
    private static async Task<SosreportRejectedException> RefuseAsync(byte[] bytes, string name, string memberMarker, SosreportLimits? limits = null)
    {
        SosreportRejectedException refused;
        IReadOnlyList<string> events;
        using (var watch = new FileSystemWatch(memberMarker))
        {
            refused = await Assert.ThrowsAsync<SosreportRejectedException>(() =>
                SosreportReader.ReadAsync(new MemoryStream(bytes, writable: false), name, DateTimeOffset.UnixEpoch, limits ?? SosreportLimits.Default, CancellationToken.None));
            events = watch.Events();
        }
        Assert.Empty(events);
        Assert.Equal(name, refused.FileName);
        Assert.StartsWith(name, refused.Message);
        Assert.DoesNotContain("Exception", refused.Message);
        Assert.DoesNotContain("System.", refused.Message);
        if (refused.Member is { } member)
            Assert.Contains($"\"{member}\"", refused.Message);
        return refused;
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}
