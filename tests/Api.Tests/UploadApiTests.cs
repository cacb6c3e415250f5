using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crashdesk.Api.Tests;

/// <summary>PUT /api/v1/cases/{id}/artifacts/{fileName}: streaming, hashing, kinds, limits — on both stores.</summary>
public sealed class UploadApiTests
{
    private const long Limit = 6 * 1024 * 1024; // above one 5 MiB S3 part, so the multipart path is crossed

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upload_is_stored_with_its_size_and_sha256(bool s3)
    {
        await using var factory = await ApiFactory.CreateAsync(s3: s3);
        var (client, caseId) = await NewCaseAsync(factory);
        const int length = 11 * 1024 * 1024 + 3; // multipart on S3
        var expected = UnsizedStream.Expected(length, seed: 4);

        using var response = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/console%20log.txt?kind=other", new UnsizedContent(length, seed: 4));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var upload = await Json.ReadAsync<UploadResponse>(response);
        Assert.Equal("console log.txt", upload.Artifact.FileName);
        Assert.Equal("other", upload.Artifact.Kind);
        Assert.Equal(length, upload.Artifact.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), upload.Artifact.Sha256);
        Assert.Null(upload.Analysis); // only vmcores and console logs are analysed
        var store = factory.Services.GetRequiredService<IBlobStore>();
        await using var stored = await store.OpenReadAsync(BlobKeys.ForArtifact(caseId, upload.Artifact.Id));
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        Assert.True(expected.AsSpan().SequenceEqual(copy.ToArray()), "stored bytes differ from the uploaded ones");
    }

    [Theory]
    [InlineData("vmlinux", "probably a vmlinux")]
    [InlineData("system-map", "a System.map")]
    public async Task A_vmcore_upload_whose_first_bytes_prove_it_is_none_is_refused_at_once_and_nothing_kept(string what, string expected)
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (client, caseId) = await NewCaseAsync(factory);
        byte[] body = what switch
        {
            "vmlinux" => ReadHead(TestFixtures.Vmlinux("mini-6.1-lockdep"), 8192),
            _ => System.Text.Encoding.ASCII.GetBytes("ffffffff81000000 T _text\nffffffff81000000 T startup_64\nffffffff81000040 T secondary_startup_64\n"),
        };

        using var response = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/{what}.bin?kind=vmcore", new ByteArrayContent(body));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await Json.ReadElementAsync(response);
        Assert.StartsWith($"{what}.bin: ", problem.GetProperty("detail").GetString());
        Assert.Contains(expected, problem.GetProperty("detail").GetString());
        await AssertNothingStoredAsync(factory, caseId);
    }

    [Fact]
    public async Task A_console_log_with_noise_uploaded_as_a_vmcore_is_still_accepted()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (client, caseId) = await NewCaseAsync(factory);
        byte[] log = File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(TestFixtures.DumpFile("debian-6.1-cloud/sysrq-c/kdump-zlib"))!, "console.txt"));
        byte[] noisy = [.. new byte[300], .. log];

        using var response = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/console.log?kind=vmcore", new ByteArrayContent(noisy));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static byte[] ReadHead(string path, int count)
    {
        using var file = File.OpenRead(path);
        var head = new byte[count];
        file.ReadExactly(head);
        return head;
    }

    [Fact]
    public async Task A_vmcore_upload_queues_a_persisted_analysis()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (client, caseId) = await NewCaseAsync(factory);

        using var response = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/vmcore?kind=vmcore", new ByteArrayContent([1, 2, 3]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var upload = await Json.ReadAsync<UploadResponse>(response);
        Assert.NotNull(upload.Analysis);
        Assert.Equal("queued", upload.Analysis.Status);
        // No worker runs in this host: the job waits in Hangfire's PostgreSQL storage, on the analysis
        // queue, for any worker; the row names it, and the job carries nothing but the row's id.
        await using var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT q.queue, j.arguments, j.invocationdata FROM analysis_jobs a
              JOIN hangfire.job j ON j.id = a.queue_job_id::bigint
              JOIN hangfire.jobqueue q ON q.jobid = j.id
             WHERE a.id = @id
            """, connection);
        command.Parameters.AddWithValue("id", upload.Analysis.Id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no Hangfire job was stored for the analysis");
        Assert.Equal("analysis", reader.GetString(0));
        Assert.Contains(upload.Analysis.Id.ToString(), reader.GetString(1));
        Assert.Contains("AnalyzeArtifactWork", reader.GetString(2));
    }

    [Theory]
    [InlineData("?kind=core")]
    [InlineData("")]
    public async Task An_unknown_kind_is_400(string query)
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (client, caseId) = await NewCaseAsync(factory);
        using var response = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/x{query}", new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("vmcore, debug-kernel, console-log, sosreport, other", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_file_name_with_a_backslash_is_400_and_nothing_is_stored()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (client, caseId) = await NewCaseAsync(factory);
        using var response = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/a%5Cb?kind=other", new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingStoredAsync(factory, caseId);
    }

    /// <summary>Acceptance 5: over the limit → 413, and nothing left in the store (objects, temp files, multipart parts).</summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Over_the_limit_is_413_and_leaves_nothing(bool s3, bool announceLength)
    {
        await using var factory = await ApiFactory.CreateAsync(s3: s3, maxUploadBytes: Limit);
        var (client, caseId) = await NewCaseAsync(factory);
        HttpContent body = announceLength
            ? new ByteArrayContent(new byte[Limit + 1])
            : new UnsizedContent(2 * Limit + 17);

        using var response = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/big.vmcore?kind=vmcore", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
        await AssertNothingStoredAsync(factory, caseId);
        var details = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web);
        Assert.Empty(details!.Artifacts);
        Assert.Empty(details.Analyses);
    }

    [Fact]
    public async Task A_body_exactly_at_the_limit_is_accepted()
    {
        await using var factory = await ApiFactory.CreateAsync(maxUploadBytes: Limit);
        var (client, caseId) = await NewCaseAsync(factory);
        using var response = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/edge?kind=other", new UnsizedContent(Limit));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<(HttpClient Client, Guid CaseId)> NewCaseAsync(ApiFactory factory)
    {
        var (_, key) = await factory.CreateTenantAsync();
        var client = factory.ClientWithKey(key);
        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("upload", "ACME", null, null));
        return (client, (await Json.ReadAsync<CaseDto>(created)).Id);
    }

    private static async Task AssertNothingStoredAsync(ApiFactory factory, Guid caseId)
    {
        var store = factory.Services.GetRequiredService<IBlobStore>();
        var prefix = $"cases/{caseId:N}/";
        var keys = new List<string>();
        await foreach (var key in store.ListKeysAsync(prefix))
            keys.Add(key);
        Assert.Empty(keys);
        if (store is S3BlobStore s3)
            Assert.Empty(await s3.ListPendingUploadsAsync(prefix));
        if (factory.LocalRoot is not null)
            Assert.Empty(Directory.EnumerateFiles(factory.LocalRoot, "*", SearchOption.AllDirectories));
        await using var context = factory.Database.CreateContext();
        Assert.False(await context.Artifacts.AnyAsync(a => a.CaseId == caseId));
    }
}
