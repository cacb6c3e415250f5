using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;
using Crashdesk.TestSupport;

namespace Crashdesk.Api.Tests.Faults;

/// <summary>
/// The local object store on a disk that fills up: a real tmpfs of 8 MiB mounted for the test, and an upload of
/// the 16 MB fixture dump into what is left after an earlier artifact. The kernel's ENOSPC must reach the
/// uploader as a 507 problem naming the file and "no space", with no partial file, no artifact row, the
/// earlier object unchanged, and the service still taking uploads that fit.
/// </summary>
public sealed class LocalStoreDiskFullTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private TmpfsMount _disk = null!;
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _disk = await TmpfsMount.MountAsync(8 * 1024 * 1024);
        // A directory inside the mount: the factory removes its store on dispose, and a mount point cannot be removed while mounted.
        _api = await ApiFactory.CreateAsync(localRoot: Path.Combine(_disk.Path, "store"));
        Directory.CreateDirectory(_api.LocalRoot!);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _disk.DisposeAsync();
    }

    [Fact]
    public async Task An_upload_larger_than_the_space_left_is_refused_507_and_leaves_nothing_behind()
    {
        var clock = Stopwatch.StartNew();
        var (_, key) = await _api.CreateTenantAsync();
        var client = _api.ClientWithKey(key);
        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest("disk full", "ACME", null, null));
        var caseId = (await Json.ReadAsync<CaseDto>(created)).Id;

        // An earlier artifact that fits (1 MiB), whose bytes must survive the failed upload.
        var earlier = RandomNumberGenerator.GetBytes(1024 * 1024);
        using (var first = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/sosreport-notes.bin?kind=other", new ByteArrayContent(earlier)))
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        long free = _disk.FreeBytes;
        var dump = TestFixtures.DumpFile("debian-6.1-cloud/sysrq-c/kdump-zlib");
        Assert.True(new FileInfo(dump).Length > free, $"the dump ({new FileInfo(dump).Length} bytes) must not fit in the {free} bytes left");

        HttpResponseMessage refused;
        await using (var body = File.OpenRead(dump))
            refused = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/vmcore-2026-12-08?kind=vmcore", new StreamContent(body));
        using (refused)
        {
            var text = await refused.Content.ReadAsStringAsync();
            output.WriteLine($"{(int)refused.StatusCode} {text}");
            Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await Json.ReadElementAsync(refused);
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains("vmcore-2026-12-08", detail, StringComparison.Ordinal);
            Assert.Contains("no space", detail, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(_disk.Path, text, StringComparison.Ordinal);
        }

        // Nothing half-written: only the earlier object's file is in the store, with its bytes; no .partial, no row, no analysis.
        var files = Directory.EnumerateFiles(_api.LocalRoot!, "*", SearchOption.AllDirectories).ToList();
        var kept = Assert.Single(files);
        Assert.Equal(earlier, await File.ReadAllBytesAsync(kept));
        Assert.True(_disk.FreeBytes >= free, $"the partial file's space was not given back: {_disk.FreeBytes} free, {free} before");
        Assert.Equal(1L, await FaultChecks.ScalarAsync<long>(_api.Database.ConnectionString, "SELECT count(*) FROM artifacts"));
        Assert.Equal(0L, await FaultChecks.ScalarAsync<long>(_api.Database.ConnectionString, "SELECT count(*) FROM analysis_jobs"));

        // Still serving: the earlier artifact downloads whole, and an upload that fits is stored.
        var details = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!;
        var artifact = Assert.Single(details.Artifacts);
        Assert.Equal(earlier, await client.GetByteArrayAsync($"/api/v1/cases/{caseId}/artifacts/{artifact.Id}/content"));
        using (var small = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/after.txt?kind=other", new ByteArrayContent(new byte[64 * 1024])))
            Assert.Equal(HttpStatusCode.Created, small.StatusCode);
        output.WriteLine($"disk full: {clock.Elapsed.TotalSeconds:F1} s");
    }
}
