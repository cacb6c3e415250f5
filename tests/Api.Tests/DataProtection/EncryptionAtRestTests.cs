using System.Net;
using System.Security.Cryptography;
using System.Text;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;
using System.Net.Http.Json;

namespace Crashdesk.Api.Tests.DataProtection;

/// <summary>
/// The service with Storage:Encryption:Keys: an uploaded dump is sealed on disk, analysed from the
/// sealed file and downloaded as it was uploaded. With S3ServerSide = SSE-S3 uploads to s3rver still
/// work; whether the server encrypts is the server's (s3rver accepts the header and stores plain bytes).
/// </summary>
public sealed class EncryptionAtRestTests
{
    private const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Fact]
    public async Task A_dump_is_sealed_on_disk_analysed_and_downloaded_as_uploaded()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true, extraSettings: new Dictionary<string, string?>
        {
            ["Storage:Encryption:Keys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "sealed");

        var report = await CaseFlow.UploadAndWaitAsync(client, caseId, TestFixtures.DumpFile(Fixture), "vmcore", 1);

        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", report.Report.PanicLine);
        var artifact = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!.Artifacts.Single();
        var raw = await File.ReadAllBytesAsync(Path.Combine(factory.LocalRoot!, "cases", caseId.ToString("N"), "artifacts", artifact.Id.ToString("N")));
        Assert.Equal("CDKENV01", Encoding.ASCII.GetString(raw, 0, 8));
        using var download = await client.GetAsync($"/api/v1/cases/{caseId}/artifacts/{artifact.Id}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(TestFixtures.DumpFile(Fixture)), await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_worker_starting_with_a_new_active_key_rewraps_the_old_objects_through_the_maintenance_queue()
    {
        string oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var factory = await ApiFactory.CreateAsync(worker: true, extraSettings: new Dictionary<string, string?>
        {
            ["Storage:Encryption:Keys:old"] = oldKey,
            ["Storage:Encryption:Keys:new"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Storage:Encryption:ActiveKeyId"] = "new",
        });
        // An object sealed before the rotation, while "old" was the only key.
        var before = new Crashdesk.Core.Storage.LocalBlobStore(factory.LocalRoot!,
            Crashdesk.Core.Storage.Encryption.EnvelopeKeyring.From(new Crashdesk.Core.Options.StorageEncryptionOptions { Keys = { ["old"] = oldKey } }));
        await before.WriteAsync("cases/0a/artifacts/0b", new MemoryStream(RandomNumberGenerator.GetBytes(100_000)), long.MaxValue);
        string path = Path.Combine(factory.LocalRoot!, "cases", "0a", "artifacts", "0b");
        Assert.Equal("old", KeyIdOf(path));

        using var client = factory.ClientWithKey(null); // starts the host: its maintenance schedule triggers the rewrap

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (KeyIdOf(path) != "new")
        {
            Assert.True(DateTime.UtcNow < deadline, "the object was not rewrapped within 60 s");
            await Task.Delay(250);
        }
    }

    private static string KeyIdOf(string path)
    {
        var header = new byte[128];
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            file.ReadExactly(header);
        return Encoding.ASCII.GetString(header, 20, 32).TrimEnd('\0');
    }

    [Fact]
    public async Task A_key_that_is_not_32_bytes_stops_the_start_naming_the_setting()
    {
        await using var factory = await ApiFactory.CreateAsync(extraSettings: new Dictionary<string, string?>
        {
            ["Storage:Encryption:Keys:k1"] = Convert.ToBase64String(new byte[16]),
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.ClientWithKey(null));

        Assert.Contains("Storage:Encryption:Keys:k1 is 16 bytes", error.ToString());
    }

    [Fact]
    public async Task With_SSE_S3_requested_uploads_to_the_S3_server_still_store_and_read_back()
    {
        await using var factory = await ApiFactory.CreateAsync(s3: true, extraSettings: new Dictionary<string, string?>
        {
            ["Storage:Encryption:S3ServerSide"] = "SSE-S3",
        });
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "sse");
        var body = RandomNumberGenerator.GetBytes(70_000);

        using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/blob.bin?kind=other", new ByteArrayContent(body));
        var artifact = (await Json.ReadAsync<UploadResponse>(upload)).Artifact;
        using var download = await client.GetAsync($"/api/v1/cases/{caseId}/artifacts/{artifact.Id}/content");

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal(body, await download.Content.ReadAsByteArrayAsync());
    }
}
