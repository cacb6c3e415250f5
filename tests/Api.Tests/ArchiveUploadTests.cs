using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests;

/// <summary>
/// Archives uploaded as they come from customers (a kdump directory as .tar.xz, a vmcore.gz, a zip) are
/// stored, then unpacked by the maintenance job member by member into artifacts of their own: the dump
/// is analysed once, its vmcore-dmesg.txt kept beside it. Hostile members are refused one by one with the
/// reason, limits stop the unpacking where they are crossed, and nothing of a refused member is kept.
/// </summary>
public sealed class ArchiveUploadTests
{
    private const string Fixture = "mini-6.1-lockdep/sysrq-c/kdump-zlib";
    private const string KdumpDirectory = "var/crash/127.0.0.1-2026-12-01-10:42:07/";

    private static byte[] Dump => File.ReadAllBytes(TestFixtures.DumpFile(Fixture));

    private static byte[] Dmesg => File.ReadAllBytes(Path.Combine(TestFixtures.Folder(Fixture), "makedumpfile-dmesg.txt"));

    private static JsonElement Meta => JsonDocument.Parse(File.ReadAllText(Path.Combine(TestFixtures.Folder(Fixture), "meta.json"))).RootElement;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_kdump_directory_as_tar_xz_becomes_its_vmcore_and_console_log_with_one_analysis(bool s3)
    {
        await using var factory = await ApiFactory.CreateAsync(s3: s3, worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "kdump directory");
        var tar = new TarBuilder().Directory(KdumpDirectory)
            .File(KdumpDirectory + "vmcore-dmesg.txt", Dmesg)
            .File(KdumpDirectory + "kexec-dmesg.log", "kdump: saving vmcore\n")
            .File(KdumpDirectory + "vmcore", Dump);

        using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/127.0.0.1-2026-12-01.tar.xz?kind=vmcore",
            new ByteArrayContent(Programs.Xz(tar.ToArray())));

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploaded = await Json.ReadAsync<UploadResponse>(upload);
        Assert.Equal("archive", uploaded.Artifact.Kind);
        Assert.Null(uploaded.Analysis);
        Assert.Equal("queued", uploaded.Artifact.Unpack!.Status);
        var archive = await WaitForUnpackAsync(client, caseId);
        var unpack = archive.Unpack!;
        Assert.Equal(("done", 2, 0, 1), (unpack.Status, unpack.Taken, unpack.Refused, unpack.Skipped));
        Assert.Null(unpack.Stopped);
        Assert.Equal(
            [(KdumpDirectory + "vmcore-dmesg.txt", "taken", "console-log"), (KdumpDirectory + "kexec-dmesg.log", "skipped", null), (KdumpDirectory + "vmcore", "taken", "vmcore")],
            unpack.Members.Select(m => (m.Name, m.Outcome, m.Kind)));
        Assert.Equal("not a dump (vmcore), a console log (vmcore-dmesg.txt, dmesg*.txt) or a sosreport", unpack.Members[1].Reason);

        await CaseFlow.WaitForAnalysesAsync(client, caseId, 1, "the unpacked vmcore");
        var details = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!;
        var vmcore = details.Artifacts.Single(a => a.Kind == "vmcore");
        var dmesg = details.Artifacts.Single(a => a.Kind == "console-log");
        Assert.Equal(3, details.Artifacts.Count);
        Assert.Equal(("vmcore", archive.Id, Meta.GetProperty("sha256").GetString()), (vmcore.FileName, vmcore.FromArchive!.Value, vmcore.Sha256));
        Assert.Equal(("vmcore-dmesg.txt", archive.Id, (long)Dmesg.Length), (dmesg.FileName, dmesg.FromArchive!.Value, dmesg.Size));
        Assert.Equal(vmcore.Id, Assert.Single(details.Analyses).ArtifactId);
        var report = await Json.ReadAsync<ReportDto>(await client.GetAsync($"/api/v1/cases/{caseId}/report"));
        Assert.Equal(Meta.GetProperty("crash_panic").GetString(), report.Report.PanicLine);
        var timeline = await client.GetAllAsync<CaseEventDto>($"/api/v1/cases/{caseId}/timeline");
        var row = Assert.Single(timeline!, e => e.Kind == "archive-unpacked");
        Assert.Equal($"127.0.0.1-2026-12-01.tar.xz: 2 taken ({KdumpDirectory}vmcore-dmesg.txt, {KdumpDirectory}vmcore), 0 refused, 1 skipped", row.NewValue);

        // The stored member is the fixture byte for byte, read back from the store.
        await using var stored = await factory.Services.GetRequiredService<IBlobStore>().OpenReadAsync(BlobKeys.ForArtifact(caseId, vmcore.Id));
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        Assert.True(Dump.AsSpan().SequenceEqual(copy.ToArray()), "the unpacked vmcore differs from the fixture");
    }

    public static TheoryData<string, string> Formats => new()
    {
        { "zip", "kdump.zip" },
        { "gz", "vmcore.gz" },
        { "tar.zst", "kdump.tar.zst" },
        { "bz2", "vmcore.bz2" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Zip_gz_tar_zst_and_bz2_each_give_the_vmcore_and_its_analysis(string format, string fileName)
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, format);
        byte[] body = format switch
        {
            "zip" => Zip(("127.0.0.1-2026-12-01/vmcore", Dump), ("127.0.0.1-2026-12-01/vmcore-dmesg.txt", Dmesg)),
            "gz" => Programs.Gzip(Dump),
            "tar.zst" => Programs.Zstd(new TarBuilder().File("vmcore", Dump).File("vmcore-dmesg.txt", Dmesg).ToArray()),
            _ => Programs.Bzip2(Dump),
        };

        using (var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/{fileName}?kind=vmcore", new ByteArrayContent(body)))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var unpack = (await WaitForUnpackAsync(client, caseId)).Unpack!;

        Assert.True(unpack.Status == "done" && unpack.Stopped is null, $"{fileName}: {unpack.Status} {unpack.Error} {unpack.Stopped}");
        Assert.Equal(format is "zip" or "tar.zst" ? 2 : 1, unpack.Taken);
        await CaseFlow.WaitForAnalysesAsync(client, caseId, 1, fileName);
        var details = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!;
        var vmcore = details.Artifacts.Single(a => a.Kind == "vmcore");
        Assert.Equal(("vmcore", Meta.GetProperty("sha256").GetString()), (vmcore.FileName, vmcore.Sha256));
        var report = await Json.ReadAsync<ReportDto>(await client.GetAsync($"/api/v1/cases/{caseId}/report"));
        Assert.Equal(Meta.GetProperty("crash_panic").GetString(), report.Report.PanicLine);
    }

    [Fact]
    public async Task Hostile_members_are_refused_one_by_one_and_the_good_ones_kept_with_nothing_written_elsewhere()
    {
        var tmpBefore = Directory.GetFileSystemEntries("/tmp").Select(Path.GetFileName).ToHashSet();
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "hostile archive");
        var tar = new TarBuilder()
            .File("../../x", "climbing out\n")
            .File("/etc/crashdesk-absolute", "absolute\n")
            .File("crash/dmesg-1.txt", Dmesg)
            .Symlink("crash/vmcore", "/etc/shadow")
            .HardLink("crash/vmcore-dmesg.txt", "../../etc/passwd")
            .CharacterDevice("crash/null")
            .File("crash/a/../../../y", "climbing out again\n");

        using (var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/hostile.tar.gz?kind=archive",
            new ByteArrayContent(Programs.Gzip(tar.ToArray()))))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var archive = await WaitForUnpackAsync(client, caseId);

        var unpack = archive.Unpack!;
        Assert.Equal(("done", 1, 6, 0), (unpack.Status, unpack.Taken, unpack.Refused, unpack.Skipped));
        Assert.Equal(
        [
            ("../../x", "refused", "its path climbs out of the archive (\"..\")"),
            ("/etc/crashdesk-absolute", "refused", "an absolute path: members must be relative to the archive"),
            ("crash/dmesg-1.txt", "taken", null),
            ("crash/vmcore", "refused", "a symbolic link (to \"/etc/shadow\"): links are not followed"),
            ("crash/vmcore-dmesg.txt", "refused", "a hard link (to \"../../etc/passwd\"): links are not followed"),
            ("crash/null", "refused", "a device file or FIFO: only regular files are taken"),
            ("crash/a/../../../y", "refused", "its path climbs out of the archive (\"..\")"),
        ], unpack.Members.Select(m => (m.Name, m.Outcome, m.Reason)));
        await CaseFlow.WaitForAnalysesAsync(client, caseId, 1, "the console log, the only good member");
        await AssertStoreHoldsOnlyTheRowsAsync(factory, client, caseId, expectedArtifacts: 2);
        // Nothing by a member's name anywhere: not in the store's directory, not in /tmp.
        string[] memberNames = ["x", "y", "crashdesk-absolute", "dmesg-1.txt", "vmcore", "vmcore-dmesg.txt", "null", "crash"];
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(factory.LocalRoot!, "*", SearchOption.AllDirectories),
            p => memberNames.Contains(Path.GetFileName(p)));
        Assert.False(File.Exists("/etc/crashdesk-absolute"));
        var tmpNew = Directory.GetFileSystemEntries("/tmp").Select(Path.GetFileName).Where(n => !tmpBefore.Contains(n)).ToList();
        Assert.DoesNotContain(tmpNew, n => memberNames.Contains(n));
        var parent = Path.GetDirectoryName(factory.LocalRoot!)!;
        Assert.DoesNotContain(Directory.GetFileSystemEntries(parent).Select(Path.GetFileName), n => n is "x" or "y");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_compression_bomb_is_stopped_while_it_streams_and_what_came_before_is_kept(bool s3)
    {
        await using var factory = await ApiFactory.CreateAsync(s3: s3, worker: true, extraSettings: new Dictionary<string, string?>
        {
            ["Uploads:Archives:RatioGraceBytes"] = (1 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "bomb");
        // 64 MiB of zeros in about 10 KB of xz: far over 1000 times.
        var tar = new TarBuilder().File("dmesg.txt", Dmesg).File("vmcore", new byte[64 << 20]).File("vmcore-dmesg.txt", Dmesg);

        using (var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/bomb.tar.xz?kind=vmcore", new ByteArrayContent(Programs.Xz(tar.ToArray()))))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var unpack = (await WaitForUnpackAsync(client, caseId)).Unpack!;

        Assert.Equal(("done", 1, 1), (unpack.Status, unpack.Taken, unpack.Refused));
        var bomb = unpack.Members.Single(m => m.Outcome == "refused");
        Assert.Equal("vmcore", bomb.Name);
        Assert.StartsWith("member \"vmcore\" makes the archive expand more than 1000 times (", bomb.Reason);
        Assert.EndsWith("), like a compression bomb (Uploads:Archives:MaxExpansionRatio)", bomb.Reason);
        Assert.Equal(bomb.Reason, unpack.Stopped);
        Assert.DoesNotContain(unpack.Members, m => m.Name == "vmcore-dmesg.txt"); // after the bomb: not read
        await CaseFlow.WaitForAnalysesAsync(client, caseId, 1, "the console log before the bomb");
        await AssertStoreHoldsOnlyTheRowsAsync(factory, client, caseId, expectedArtifacts: 2);
    }

    [Fact]
    public async Task The_expanded_size_and_member_count_limits_stop_the_unpacking_with_the_setting_named()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true, extraSettings: new Dictionary<string, string?>
        {
            ["Uploads:Archives:MaxMembers"] = "3",
            ["Uploads:Archives:MaxExpandedBytes"] = (4L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var many = await CaseFlow.CreateCaseAsync(client, "many members");
        var tar = new TarBuilder().File("dmesg-1.txt", "1\n").File("dmesg-2.txt", "2\n").File("dmesg-3.txt", "3\n").File("dmesg-4.txt", "4\n");
        using (var upload = await client.PutAsync($"/api/v1/cases/{many}/artifacts/many.tar?kind=archive", new ByteArrayContent(tar.ToArray())))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var large = await CaseFlow.CreateCaseAsync(client, "too large");
        using (var upload = await client.PutAsync($"/api/v1/cases/{large}/artifacts/large.tar.gz?kind=archive",
            new ByteArrayContent(Programs.Gzip(new TarBuilder().File("dmesg.txt", Dmesg).File("vmcore", Dump).ToArray()))))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        var manyUnpack = (await WaitForUnpackAsync(client, many)).Unpack!;
        var largeUnpack = (await WaitForUnpackAsync(client, large)).Unpack!;

        Assert.Equal(["dmesg-1.txt", "dmesg-2.txt", "dmesg-3.txt"], manyUnpack.Members.Select(m => m.Name));
        Assert.Equal("the archive has more than 3 members (Uploads:Archives:MaxMembers); the rest was not read", manyUnpack.Stopped);
        Assert.Equal(("dmesg.txt", "taken"), (largeUnpack.Members[0].Name, largeUnpack.Members[0].Outcome));
        Assert.Equal(("vmcore", "refused"), (largeUnpack.Members[1].Name, largeUnpack.Members[1].Outcome));
        Assert.Equal("member \"vmcore\" makes the archive expand to more than 4 MiB, the most allowed (Uploads:Archives:MaxExpandedBytes)", largeUnpack.Members[1].Reason);
        await AssertStoreHoldsOnlyTheRowsAsync(factory, client, large, expectedArtifacts: 2);
    }

    [Fact]
    public async Task An_archive_over_the_quota_stops_at_the_member_that_does_not_fit_and_keeps_objects_and_rows_together()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "quota");
        byte[] archive = Programs.Gzip(new TarBuilder().File("vmcore-dmesg.txt", Dmesg).File("vmcore", Dump).ToArray());
        // Room for the archive and its console log, not for the dump as well.
        long quota = archive.Length + Dmesg.Length + (1 << 20);
        using (var set = await client.PutAsJsonAsync("/api/v1/organization/quota", new SetQuotaRequest(quota)))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        using (var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/kdump.tar.gz?kind=vmcore", new ByteArrayContent(archive)))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var unpack = (await WaitForUnpackAsync(client, caseId)).Unpack!;

        Assert.Equal(("done", 1, 1), (unpack.Status, unpack.Taken, unpack.Refused));
        var refused = unpack.Members.Single(m => m.Outcome == "refused");
        Assert.Equal("vmcore", refused.Name);
        Assert.StartsWith($"vmcore does not fit the organisation's storage quota of {quota} bytes: {archive.Length + Dmesg.Length} bytes are in use", refused.Reason);
        Assert.Equal($"the organisation's storage quota is full: {refused.Reason}", unpack.Stopped);
        var usage = await client.GetFromJsonAsync<StorageQuotaDto>("/api/v1/organization/quota", Json.Web);
        Assert.Equal(archive.Length + Dmesg.Length, usage!.UsedBytes);
        // Without the dump, the console log is what the case has: it is analysed.
        await CaseFlow.WaitForAnalysesAsync(client, caseId, 1, "the console log");
        await AssertStoreHoldsOnlyTheRowsAsync(factory, client, caseId, expectedArtifacts: 2);
    }

    [Fact]
    public async Task An_upload_declared_an_archive_that_is_none_is_refused_and_nothing_kept()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "not an archive");

        using var response = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/notes.txt?kind=archive", new ByteArrayContent("just notes\n"u8.ToArray()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await Json.ReadElementAsync(response);
        Assert.Equal("not_an_archive", problem.GetProperty("code").GetString());
        Assert.Equal("notes.txt is not an archive that is unpacked here: its first bytes are none of tar, zip, gzip, xz, zstd or bzip2", problem.GetProperty("detail").GetString());
        await AssertStoreHoldsOnlyTheRowsAsync(factory, client, caseId, expectedArtifacts: 0);
    }

    private static byte[] Zip(params (string Name, byte[] Data)[] members)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in members)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(data);
            }
        }
        return output.ToArray();
    }

    /// <summary>The store holds exactly the case's artifacts' objects: none for a refused member, none left half-written.</summary>
    private static async Task AssertStoreHoldsOnlyTheRowsAsync(ApiFactory factory, HttpClient client, Guid caseId, int expectedArtifacts)
    {
        var details = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!;
        Assert.Equal(expectedArtifacts, details.Artifacts.Count);
        var keys = new List<string>();
        await foreach (var k in factory.Services.GetRequiredService<IBlobStore>().ListKeysAsync($"cases/{caseId:N}/"))
            keys.Add(k);
        Assert.Equal(details.Artifacts.Select(a => BlobKeys.ForArtifact(caseId, a.Id)).Order(), keys.Order());
        if (factory.LocalRoot is { } root)
        {
            var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(p => p.Contains($"{caseId:N}", StringComparison.Ordinal)).Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'));
            Assert.Equal(keys.Order(), files.Order());
        }
    }

    private static async Task<ArtifactDto> WaitForUnpackAsync(HttpClient client, Guid caseId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var details = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web);
            var archive = Assert.Single(details!.Artifacts, a => a.Kind == "archive");
            if (archive.Unpack!.Status is "done" or "failed")
                return archive;
            Assert.True(DateTime.UtcNow < deadline, $"the unpack is still {archive.Unpack.Status} after 3 minutes");
            await Task.Delay(200);
        }
    }
}
