using System.IO.Compression;
using Crashdesk.Core.Archives;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Environments.Sosreport;
using Crashdesk.Core.Options;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Archives;

/// <summary>
/// The archive readers and member rules without the service: zip names with Windows separators and drive
/// letters, what a member's name and first bytes make it, the single compressed file's name, and damaged
/// compressed data said as such (the unpack job's API tests cover the whole path).
/// </summary>
public sealed class ArchiveMemberTests
{
    private static readonly ArchiveLimits Limits = ArchiveLimits.From(new UploadOptions());

    [Fact]
    public void Zip_names_that_climb_out_or_start_at_a_drive_are_refused_and_backslashes_separate()
    {
        var names = ReadAll(Zip(("..\\..\\x", "a"), ("C:/Windows/x", "b"), ("crash\\vmcore-dmesg.txt", "c")))
            .Select(e => (e.Name, MemberRules.Refusal(e), MemberRules.BaseName(e.Name))).ToList();

        Assert.Equal(
        [
            ("..\\..\\x", "its path climbs out of the archive (\"..\")", "x"),
            ("C:/Windows/x", "an absolute path: members must be relative to the archive", "x"),
            ("crash\\vmcore-dmesg.txt", null, "vmcore-dmesg.txt"),
        ], names);
    }

    [Fact]
    public void A_member_is_what_its_first_bytes_prove_then_what_its_name_says()
    {
        byte[] elfCore = [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0];
        byte[] gzip = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];

        Assert.Equal(ArtifactKind.Vmcore, MemberClassifier.Classify("127.0.0.1-vmcore.bin", elfCore, out _));
        Assert.Equal(ArtifactKind.Vmcore, MemberClassifier.Classify("anything", "KDUMP   "u8, out _));
        Assert.Equal(ArtifactKind.ConsoleLog, MemberClassifier.Classify("dmesg-2026-12-01.txt", "[    0.000000] Linux version"u8, out _));
        Assert.Null(MemberClassifier.Classify("vmcore", gzip, out string compressed));
        Assert.StartsWith("named like a dump, but gzip-compressed data", compressed);
        Assert.Null(MemberClassifier.Classify("vmcore-dmesg.log", "text"u8, out string other));
        Assert.Equal("not a dump (vmcore), a console log (vmcore-dmesg.txt, dmesg*.txt) or a sosreport", other);
    }

    [Theory]
    [InlineData("vmcore.zst", "vmcore")]
    [InlineData("dump.XZ", "dump")]
    [InlineData("vmcore", "vmcore")]
    public void A_single_compressed_file_is_named_after_the_upload_without_its_suffix(string upload, string member) =>
        Assert.Equal(member, SingleFileEntries.MemberName(upload));

    [Fact]
    public void Damaged_xz_data_is_said_to_be_damaged()
    {
        byte[] xz = Programs.Xz(new TarBuilder().File("vmcore-dmesg.txt", new string('x', 200_000)).ToArray());
        xz[xz.Length / 2] ^= 0xff;

        var problem = Assert.Throws<ArchiveProblemException>(() => ReadAll(xz, readData: true));

        Assert.Contains("damaged", problem.Message);
    }

    private static List<ArchiveEntry> ReadAll(byte[] archive, bool readData = false)
    {
        using var entries = ArchiveOpener.Open(new MemoryStream(archive), "upload", Limits, CancellationToken.None, out var meter);
        var all = new List<ArchiveEntry>();
        while (entries.Next() is { } entry)
        {
            meter.Member = () => entry.Name;
            all.Add(entry);
            if (readData)
            {
                using var data = entries.OpenData();
                data.CopyTo(Stream.Null);
            }
        }
        entries.Finish();
        return all;
    }

    private static byte[] Zip(params (string Name, string Content)[] members)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in members)
            {
                using var entry = new StreamWriter(zip.CreateEntry(name).Open());
                entry.Write(content);
            }
        }
        return output.ToArray();
    }
}
