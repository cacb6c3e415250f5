using System.Net;
using System.Net.Http.Headers;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;
using Crashdesk.TestSupport;

namespace Crashdesk.Api.Tests.Ticketing;

/// <summary>Downloads of a stored dump from both stores: whole, by ranges (a resumed download), with the SHA-256 sha256sum prints.</summary>
public sealed class ArtifactDownloadTests
{
    private const string Dump = "mini-6.1-lockdep/sysrq-c/kdump-zstd";

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    [InlineData("local, sealed")]
    public async Task A_dump_downloads_whole_and_by_ranges_with_its_sha256(string store)
    {
        // Sealed: the local store's AES-GCM envelope; a range decrypts from the chunk it starts in.
        var sealedStore = store == "local, sealed"
            ? new Dictionary<string, string?> { ["Storage:Encryption:Keys:k1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) }
            : null;
        await using var factory = await ApiFactory.CreateAsync(s3: store == "s3", extraSettings: sealedStore);
        var (_, key) = await factory.CreateTenantAsync();
        using var api = factory.ClientWithKey(key);
        var path = TestFixtures.DumpFile(Dump);
        var bytes = await File.ReadAllBytesAsync(path);
        var caseId = await CaseFlow.CreateCaseAsync(api, "download");
        using (var upload = await api.PutAsync($"/api/v1/cases/{caseId}/artifacts/dump.zstd?kind=other", new ByteArrayContent(bytes)))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var artifactId = (await Json.ReadElementAsync(await api.GetAsync($"/api/v1/cases/{caseId}"))).GetProperty("artifacts")[0].GetProperty("id").GetGuid();
        var url = $"/api/v1/cases/{caseId}/artifacts/{artifactId}/content";
        var sha256sum = ReferenceTools.Run("sha256sum", path).Split(' ')[0];

        using var whole = await api.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(sha256sum, whole.Headers.GetValues("X-Checksum-Sha256").Single());
        Assert.Equal($"sha-256=:{Convert.ToBase64String(Convert.FromHexString(sha256sum))}:", whole.Headers.GetValues("Repr-Digest").Single());
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());

        // A download broken after 6 MB resumes from there; a window in the middle; the last 100 bytes.
        foreach (var (from, to) in new (long? From, long? To)[] { (6_000_000, null), (123_456, 223_455), (null, 100) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new RangeHeaderValue(from, to);
            using var part = await api.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            long start = from ?? bytes.Length - to!.Value;
            long end = from is null ? bytes.Length - 1 : to ?? bytes.Length - 1;
            Assert.Equal(start, part.Content.Headers.ContentRange!.From);
            Assert.Equal(end, part.Content.Headers.ContentRange.To);
            Assert.Equal(bytes.AsSpan((int)start, (int)(end - start + 1)).ToArray(), await part.Content.ReadAsByteArrayAsync());
        }

        using var beyond = new HttpRequestMessage(HttpMethod.Get, url);
        beyond.Headers.Range = new RangeHeaderValue(bytes.Length + 10, null);
        using var refused = await api.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, refused.StatusCode);
    }
}
