using System.Security.Cryptography;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Cli.Upload;
using Crashdesk.Core.Data;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Storage.Encryption;
using Crashdesk.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Crashdesk.Api.Tests.Uploads;

/// <summary>
/// A dump sent through a link that drops (<see cref="CuttingProxy"/>: six connections reset at seeded random points,
/// mostly mid-PATCH) by the CLI's client, which resumes from HEAD's offset each time: the stored object is the
/// file, byte for byte, and exactly one analysis runs and completes — on the local store, the sealed local store
/// and S3 (s3rver).
/// </summary>
public sealed class ResumableUploadTests(ITestOutputHelper output)
{
    private const string Fixture = "mini-6.1-lockdep/sysrq-c/kdump-zlib";

    [Theory]
    [InlineData("local", 11)]
    [InlineData("sealed", 12)]
    [InlineData("s3", 13)]
    public async Task A_dump_sent_over_a_link_that_drops_arrives_whole_with_one_analysis(string store, int seed)
    {
        var extra = new Dictionary<string, string?>();
        if (store == "sealed")
            extra["Storage:Encryption:Keys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var factory = await ApiFactory.CreateAsync(s3: store == "s3", worker: true, extraSettings: extra);
        int port = LiveServer.Start(factory);
        var (_, key) = await factory.CreateTenantAsync();
        using var api = LiveServer.Client(port, key);
        var caseId = await CaseFlow.CreateCaseAsync(api, "dropped link");
        string path = TestFixtures.DumpFile(Fixture);
        var fileSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        await using var proxy = new CuttingProxy(port, seed, cuts: 6);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var tus = new TusClient(http, proxy.Url, key);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        var session = await tus.CreateAsync(caseId, "dump.zlib", "vmcore", file.Length, fileSha, CancellationToken.None);
        var upload = new ResumableUpload(tus, new SequentialChunks(),
            new UploadSettings { ChunkBytes = 512 * 1024, FirstRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(400) },
            line => output.WriteLine(line));
        var result = await upload.RunAsync(session, file, file.Length, null, null, CancellationToken.None);

        Assert.True(proxy.Cuts >= 5, $"only {proxy.Cuts} connections were cut");
        Assert.True(upload.Retries >= 5, $"the client resumed only {upload.Retries} times");
        Assert.Equal(file.Length, result.Offset);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
            var artifact = Assert.Single(await db.Artifacts.Where(a => a.CaseId == caseId).ToListAsync());
            Assert.Equal(result.ArtifactId, artifact.Id);
            Assert.Equal(fileSha, artifact.Sha256);
            Assert.Equal(file.Length, artifact.Size);
            var blobs = scope.ServiceProvider.GetRequiredService<IBlobStore>();
            await using var stored = await blobs.OpenReadAsync(artifact.StorageKey);
            Assert.Equal(fileSha, Convert.ToHexStringLower(await SHA256.HashDataAsync(stored)));
            if (store == "sealed")
            {
                var onDisk = Path.Combine(factory.LocalRoot!, artifact.StorageKey);
                Assert.True(EnvelopeHeader.IsSealed(File.ReadAllBytes(onDisk).AsSpan(0, 8)), "the stored dump is not sealed");
            }
            var job = Assert.Single(await db.AnalysisJobs.Where(j => j.CaseId == caseId).ToListAsync());
            Assert.Equal(artifact.Id, job.ArtifactId);
            Assert.Equal(result.AnalysisId, job.Id);
        }
        await CaseFlow.WaitForAnalysesAsync(api, caseId, 1, Fixture);
        output.WriteLine($"{proxy.Cuts} cuts, {upload.Retries} retries");
    }
}
