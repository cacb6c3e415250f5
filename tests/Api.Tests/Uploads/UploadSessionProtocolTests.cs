using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;
using Crashdesk.Core.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests.Uploads;

/// <summary>The tus refusals of /cases/{id}/uploads: each leaves the session's bytes as they were, or nothing at all.</summary>
public sealed class UploadSessionProtocolTests
{
    [Fact]
    public async Task A_duplicate_or_stale_patch_is_409_with_the_servers_offset_and_changes_nothing()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (client, caseId) = await NewCaseAsync(factory);
        var bytes = UnsizedStream.Expected(3000, seed: 1);
        var session = await Tus.CreatedAsync(client, caseId, "notes.bin", "other", bytes.Length);

        using (var first = await Tus.PatchAsync(client, session, 0, bytes[..1000]))
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        using (var duplicate = await Tus.PatchAsync(client, session, 0, bytes[..1000]))
        {
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
            Assert.Equal(1000, Tus.Offset(duplicate));
            var problem = await Json.ReadElementAsync(duplicate);
            Assert.Equal("upload_offset_mismatch", problem.GetProperty("code").GetString());
            Assert.Contains("notes.bin", problem.GetProperty("detail").GetString());
        }
        using (var ahead = await Tus.PatchAsync(client, session, 2000, bytes[2000..]))
            Assert.Equal(HttpStatusCode.Conflict, ahead.StatusCode);
        Assert.Equal(1000, await Tus.OffsetAsync(client, session));

        using (var rest = await Tus.PatchAsync(client, session, 1000, bytes[1000..]))
            Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
        Assert.Equal(bytes, await StoredAsync(factory, caseId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_checksum_mismatch_is_460_and_nothing_of_the_chunk_is_appended(bool sealedStore)
    {
        await using var factory = await ApiFactory.CreateAsync(extraSettings: sealedStore ? SealedSettings() : null);
        var (client, caseId) = await NewCaseAsync(factory);
        var bytes = UnsizedStream.Expected(200_000, seed: 2);
        var session = await Tus.CreatedAsync(client, caseId, "chunked.bin", "other", bytes.Length);
        using (var first = await Tus.PatchAsync(client, session, 0, bytes[..70_000], Tus.Sha256Checksum(bytes[..70_000])))
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);

        var corrupted = bytes[70_000..150_000].ToArray();
        corrupted[5] ^= 0xff;
        using (var mismatch = await Tus.PatchAsync(client, session, 70_000, corrupted, Tus.Sha256Checksum(bytes[70_000..150_000])))
        {
            Assert.Equal((HttpStatusCode)460, mismatch.StatusCode);
            var problem = await Json.ReadElementAsync(mismatch);
            Assert.Equal("checksum_mismatch", problem.GetProperty("code").GetString());
            Assert.Contains("chunked.bin", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(70_000, await Tus.OffsetAsync(client, session));
        using (var unsupported = await Tus.PatchAsync(client, session, 70_000, bytes[70_000..], "md5 AAAA"))
            Assert.Equal(HttpStatusCode.BadRequest, unsupported.StatusCode);

        using (var rest = await Tus.PatchAsync(client, session, 70_000, bytes[70_000..], Tus.Sha256Checksum(bytes[70_000..])))
            Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
        Assert.Equal(bytes, await StoredAsync(factory, caseId));
    }

    [Fact]
    public async Task Over_the_limit_at_creation_and_over_the_quota_midway_is_413()
    {
        await using var factory = await ApiFactory.CreateAsync(maxUploadBytes: 100_000);
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "limits");

        using (var tooLarge = await Tus.CreateAsync(client, caseId, "huge.bin", "other", 100_001))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
            Assert.Equal("upload_too_large", (await Json.ReadElementAsync(tooLarge)).GetProperty("code").GetString());
        }
        var bytes = UnsizedStream.Expected(90_000, seed: 3);
        var session = await Tus.CreatedAsync(client, caseId, "fits.bin", "other", bytes.Length);
        using (var first = await Tus.PatchAsync(client, session, 0, bytes[..30_000]))
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        using (var longer = await Tus.PatchAsync(client, session, 30_000, [.. bytes[30_000..], 1, 2, 3]))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, longer.StatusCode);
        // The administrator lowers the quota below the file while it is on its way.
        using (var quota = await client.PutAsJsonAsync("/api/v1/organization/quota", new SetQuotaRequest(50_000)))
            Assert.Equal(HttpStatusCode.OK, quota.StatusCode);
        using (var midway = await Tus.PatchAsync(client, session, 30_000, bytes[30_000..]))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, midway.StatusCode);
            var problem = await Json.ReadElementAsync(midway);
            Assert.Equal("storage_quota_exceeded", problem.GetProperty("code").GetString());
            Assert.Contains("fits.bin", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(30_000, await Tus.OffsetAsync(client, session));
        await AssertNoArtifactAsync(factory, caseId);
    }

    [Fact]
    public async Task Another_organisations_session_is_404_for_every_method()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (client, caseId) = await NewCaseAsync(factory);
        var session = await Tus.CreatedAsync(client, caseId, "mine.bin", "other", 10);
        var (_, otherKey) = await factory.CreateTenantAsync();
        using var other = factory.ClientWithKey(otherKey);

        using (var head = await Tus.HeadAsync(other, session))
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        using (var patch = await Tus.PatchAsync(other, session, 0, new byte[10]))
            Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        using (var get = await other.GetAsync(session))
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, session))
        {
            delete.Headers.Add("Tus-Resumable", "1.0.0");
            using var response = await other.SendAsync(delete);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using (var create = await Tus.CreateAsync(other, caseId, "theirs.bin", "other", 10))
            Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
        Assert.Equal(0, await Tus.OffsetAsync(client, session));
    }

    [Fact]
    public async Task A_file_whose_sha256_is_not_the_announced_one_fails_and_nothing_is_kept()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (client, caseId) = await NewCaseAsync(factory);
        var bytes = UnsizedStream.Expected(50_000, seed: 4);
        var session = await Tus.CreatedAsync(client, caseId, "wrong.bin", "other", bytes.Length, Tus.Hex([1, 2, 3]));

        using (var last = await Tus.PatchAsync(client, session, 0, bytes))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, last.StatusCode);
            var problem = await Json.ReadElementAsync(last);
            Assert.Equal("upload_digest_mismatch", problem.GetProperty("code").GetString());
            Assert.Contains("wrong.bin", problem.GetProperty("detail").GetString());
        }
        var view = await client.GetFromJsonAsync<UploadSessionDto>(session, Json.Web);
        Assert.Equal("failed", view!.Status);
        Assert.Contains(Tus.Hex(bytes), view.Error);
        using (var head = await Tus.HeadAsync(client, session))
            Assert.Equal(HttpStatusCode.Gone, head.StatusCode);
        await AssertNoArtifactAsync(factory, caseId);
        Assert.False(File.Exists(StagingPath(factory, caseId, view.Id)), "the staging file was kept");
    }

    [Fact]
    public async Task A_vmcore_whose_first_bytes_prove_it_is_none_is_refused_at_the_first_patch()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (client, caseId) = await NewCaseAsync(factory);
        // A System.map (compressed data would be taken as an archive and unpacked).
        byte[] map = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"ffffffff8100{i:x4} T symbol_{i}\n")));
        var session = await Tus.CreatedAsync(client, caseId, "System.map", "vmcore", map.Length * 2);

        using var first = await Tus.PatchAsync(client, session, 0, map);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, first.StatusCode);
        var problem = await Json.ReadElementAsync(first);
        Assert.Equal("not_a_crash_dump", problem.GetProperty("code").GetString());
        Assert.StartsWith("System.map: ", problem.GetProperty("detail").GetString());
        await AssertNoArtifactAsync(factory, caseId);
    }

    [Fact]
    public async Task Options_describes_the_protocol_and_another_tus_version_is_412()
    {
        await using var factory = await ApiFactory.CreateAsync(maxUploadBytes: 12345);
        var (client, caseId) = await NewCaseAsync(factory);
        using (var options = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, $"/api/v1/cases/{caseId}/uploads")))
        {
            Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
            Assert.Equal("1.0.0", options.Headers.GetValues("Tus-Version").Single());
            Assert.Equal("creation,checksum,expiration,termination", options.Headers.GetValues("Tus-Extension").Single());
            Assert.Equal("12345", options.Headers.GetValues("Tus-Max-Size").Single());
        }
        using var old = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{caseId}/uploads");
        old.Headers.Add("Tus-Resumable", "0.2.2");
        old.Headers.Add("Upload-Length", "10");
        using var refused = await client.SendAsync(old);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("1.0.0", refused.Headers.GetValues("Tus-Version").Single());
    }

    [Fact]
    public async Task An_expired_session_on_the_local_store_loses_its_staging_file_and_its_row()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (client, caseId) = await NewCaseAsync(factory);
        var session = await Tus.CreatedAsync(client, caseId, "abandoned.bin", "other", 100_000);
        using (var first = await Tus.PatchAsync(client, session, 0, new byte[40_000]))
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        var id = Guid.Parse(session[(session.LastIndexOf('/') + 1)..]);
        string staging = StagingPath(factory, caseId, id);
        Assert.True(File.Exists(staging));

        await ExpireAsync(factory, removed: 0, DateTimeOffset.UtcNow.AddHours(23));
        await ExpireAsync(factory, removed: 1, DateTimeOffset.UtcNow.AddHours(25));

        Assert.False(File.Exists(staging), "the staging file of the expired session is still there");
        using var head = await Tus.HeadAsync(client, session);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task An_expired_session_on_s3_has_its_multipart_upload_aborted()
    {
        await using var factory = await ApiFactory.CreateAsync(s3: true);
        var (client, caseId) = await NewCaseAsync(factory);
        var bytes = UnsizedStream.Expected(6 * 1024 * 1024, seed: 5); // one 5 MiB part sent, 1 MiB waiting in the tail file
        var session = await Tus.CreatedAsync(client, caseId, "abandoned.bin", "other", 20 * 1024 * 1024);
        using (var first = await Tus.PatchAsync(client, session, 0, bytes))
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        var store = (S3BlobStore)factory.Services.GetRequiredService<IBlobStore>();
        var id = Guid.Parse(session[(session.LastIndexOf('/') + 1)..]);
        string key = await ArtifactKeyAsync(factory, id);
        Assert.Contains(key, await store.ListPendingUploadsAsync($"cases/{caseId:N}/"));
        string tail = store.StagingTailPath(key, 2);
        Assert.Equal(1024 * 1024, new FileInfo(tail).Length);

        await ExpireAsync(factory, removed: 1, DateTimeOffset.UtcNow.AddHours(25));

        Assert.Empty(await store.ListPendingUploadsAsync($"cases/{caseId:N}/"));
        Assert.False(File.Exists(tail), "the tail file of the expired session is still there");
        Assert.Empty(await ToListAsync(store.ListKeysAsync($"cases/{caseId:N}/")));
    }

    [Fact]
    public async Task Termination_removes_the_staged_bytes()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (client, caseId) = await NewCaseAsync(factory);
        var session = await Tus.CreatedAsync(client, caseId, "gone.bin", "other", 1000);
        using (var first = await Tus.PatchAsync(client, session, 0, new byte[10]))
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        var id = Guid.Parse(session[(session.LastIndexOf('/') + 1)..]);
        string staging = StagingPath(factory, caseId, id);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, session);
        delete.Headers.Add("Tus-Resumable", "1.0.0");
        using var response = await client.SendAsync(delete);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(File.Exists(staging));
        using var head = await Tus.HeadAsync(client, session);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    private static Dictionary<string, string?> SealedSettings() => new()
    {
        ["Storage:Encryption:Keys:k1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };

    private static async Task<(HttpClient Client, Guid CaseId)> NewCaseAsync(ApiFactory factory)
    {
        var (_, key) = await factory.CreateTenantAsync();
        var client = factory.ClientWithKey(key);
        return (client, await CaseFlow.CreateCaseAsync(client, "resumable"));
    }

    private static async Task ExpireAsync(ApiFactory factory, int removed, DateTimeOffset now)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(removed, await scope.ServiceProvider.GetRequiredService<UploadSessionExpiry>().RunAsync(now, CancellationToken.None));
    }

    private static async Task<string> ArtifactKeyAsync(ApiFactory factory, Guid sessionId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var session = await scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>().UploadSessions.SingleAsync(s => s.Id == sessionId);
        return BlobKeys.ForArtifact(session.CaseId, session.ArtifactId);
    }

    private static string StagingPath(ApiFactory factory, Guid caseId, Guid sessionId)
    {
        var store = (LocalBlobStore)factory.Services.GetRequiredService<IBlobStore>();
        return store.StagingPathOf(ArtifactKeyAsync(factory, sessionId).GetAwaiter().GetResult());
    }

    private static async Task<byte[]> StoredAsync(ApiFactory factory, Guid caseId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var artifact = await scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>().Artifacts.SingleAsync(a => a.CaseId == caseId);
        await using var read = await factory.Services.GetRequiredService<IBlobStore>().OpenReadAsync(artifact.StorageKey);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(copy.ToArray())), artifact.Sha256);
        return copy.ToArray();
    }

    private static async Task AssertNoArtifactAsync(ApiFactory factory, Guid caseId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>().Artifacts.AnyAsync(a => a.CaseId == caseId));
        Assert.Empty(await ToListAsync(factory.Services.GetRequiredService<IBlobStore>().ListKeysAsync($"cases/{caseId:N}/")));
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> items)
    {
        var list = new List<string>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }
}
