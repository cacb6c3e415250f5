using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;
using Crashdesk.TestSupport;

namespace Crashdesk.Api.Tests.Faults;

/// <summary>
/// The S3 server unreachable: a relay (<see cref="SwitchableRelay"/>) between the hosts and s3rver that the test
/// takes down (every connection reset, new ones too) and brings back. Mid-analysis: the real Worker's attempt
/// fails, Hangfire's back-off retries fail while the store is still down, and a retry after it is back ends
/// done with one report. Mid-upload: the uploader gets a 503 naming the file, no object or row is left, and
/// the same upload succeeds once the store is back; a resumable (tus) upload gets the same 503 on its PATCH and
/// resumes from HEAD's offset to a whole, hash-checked artifact.
/// </summary>
public sealed class S3OutageTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(55);
    private const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";
    private SwitchableRelay _relay = null!;
    private ApiFactory _api = null!;
    private WorkerProcess? _worker;
    private readonly string _unusedLocalRoot = TestStores.TempDirectory();

    private string RelayUrl => $"http://127.0.0.1:{_relay.Url.Port}";

    public async Task InitializeAsync()
    {
        _relay = new SwitchableRelay(new Uri(TestServices.S3ServiceUrl).Port);
        _api = await ApiFactory.CreateAsync(s3: true, extraSettings: new Dictionary<string, string?> { ["Storage:S3:ServiceUrl"] = RelayUrl });
    }

    public async Task DisposeAsync()
    {
        _worker?.Dispose();
        await _api.DisposeAsync();
        await _relay.DisposeAsync();
        Directory.Delete(_unusedLocalRoot, recursive: true);
    }

    [Fact]
    public async Task An_analysis_whose_store_goes_away_is_retried_by_the_job_system_and_ends_done()
    {
        var clock = Stopwatch.StartNew();
        string db = _api.Database.ConnectionString;
        // Back-off 1 s, ×4 each retry (Worker:RetryDelay, as in production but a tenth of it): retries at +1 s and +4 s
        // fall inside the outage; four attempts, so the one at +16 s after them runs on the store that is back.
        _worker = WorkerProcess.Start("w", db, _unusedLocalRoot, TimeSpan.FromSeconds(3), new Dictionary<string, string>
        {
            ["Storage__Provider"] = "S3",
            ["Storage__S3__ServiceUrl"] = RelayUrl,
            ["Storage__S3__Bucket"] = TestServices.S3Bucket,
            ["Storage__S3__AccessKey"] = TestServices.S3AccessKey,
            ["Storage__S3__SecretKey"] = TestServices.S3SecretKey,
            ["Worker__RetryDelay"] = "00:00:01",
            ["Worker__MaxAttempts"] = "4",
        });
        await FaultChecks.WaitForAsync(async () => await FaultChecks.ScalarAsync<long>(db, "SELECT count(*) FROM hangfire.server WHERE data::text LIKE '%analysis%'") >= 1 ? (object)true : null,
            "the worker to serve the analysis queue", Patience, Diagnostics);
        var (client, caseId) = await NewCaseAsync("store outage mid-analysis");
        await using (var dump = File.OpenRead(TestFixtures.DumpFile(Fixture)))
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/dump.zlib?kind=vmcore", new StreamContent(dump));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        await FaultChecks.WaitForAsync(async () => (await FaultChecks.JobsAsync(db)).SingleOrDefault(j => j.Status == "running"),
            "the worker to claim the analysis", Patience, Diagnostics);

        _relay.TakeDown();
        var down = Stopwatch.StartNew();
        // Down until the first attempt and both early retries have failed against it (three attempts counted, back in the queue).
        var waiting = await FaultChecks.WaitForAsync(async () => (await FaultChecks.JobsAsync(db)).SingleOrDefault(j => j.Attempts >= 3 && j.Status == "queued"),
            "three attempts to fail while the store is down", Patience, Diagnostics);
        // What the user sees meanwhile: queued again, with why.
        var seen = Assert.Single((await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!.Analyses);
        output.WriteLine($"while down: {seen.Status}, attempts {seen.Attempts}, \"{seen.ProgressMessage}\" / \"{seen.Error}\"");
        Assert.Equal("queued", seen.Status);
        Assert.Contains("will be retried", seen.ProgressMessage, StringComparison.Ordinal);
        Assert.Contains("the object store did not answer (", seen.ProgressMessage, StringComparison.Ordinal);
        _relay.BringBack();
        output.WriteLine($"store down {down.Elapsed.TotalSeconds:F1} s; {waiting.Attempts} attempts failed");

        var job = await FaultChecks.WaitForAsync(async () => (await FaultChecks.JobsAsync(db)).SingleOrDefault(j => j.Status is "done" or "failed"),
            "the analysis to finish once the store is back", Patience, Diagnostics);
        output.WriteLine($"analysis {job.Status} after {job.Attempts} attempts; {clock.Elapsed.TotalSeconds:F1} s in all");
        Assert.True(job.Status == "done", $"the analysis ended {job.Status}: {job.Error}\n{Diagnostics()}");
        Assert.Equal(4, job.Attempts);
        var details = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!;
        Assert.Equal("done", Assert.Single(details.Analyses).Status);
        var report = await client.GetFromJsonAsync<ReportDto>($"/api/v1/cases/{caseId}/report", Json.Web);
        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", report!.Report.PanicLine);
        Assert.Equal(1L, await FaultChecks.ScalarAsync<long>(db, "SELECT count(*) FROM reports"));
        Assert.Equal(1L, await FaultChecks.ScalarAsync<long>(db, "SELECT count(*) FROM analysis_jobs"));
        Assert.Equal([BlobKey(caseId, details.Artifacts[0].Id)], await StoredKeysAsync(caseId));
    }

    [Fact]
    public async Task An_upload_cut_off_by_the_store_going_away_is_refused_503_and_succeeds_once_it_is_back()
    {
        var clock = Stopwatch.StartNew();
        string db = _api.Database.ConnectionString;
        var (client, caseId) = await NewCaseAsync("store outage mid-upload");
        var dump = await File.ReadAllBytesAsync(TestFixtures.DumpFile(Fixture));

        // The link goes down once 7 MiB of the 16 MB body were read: the first 5 MiB part is on s3rver, the second in flight.
        HttpResponseMessage refused;
        using (var body = new CallbackStream(dump, 7 * 1024 * 1024, _relay.TakeDown))
            refused = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/vmcore-node7?kind=vmcore", new StreamContent(body));
        using (refused)
        {
            var text = await refused.Content.ReadAsStringAsync();
            output.WriteLine($"{(int)refused.StatusCode} {text}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var detail = (await Json.ReadElementAsync(refused)).GetProperty("detail").GetString()!;
            Assert.Contains("vmcore-node7", detail, StringComparison.Ordinal);
            Assert.Contains("object store", detail, StringComparison.Ordinal);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        // Nothing half-written: no row, no analysis, and (read from s3rver directly, not through the relay) no object.
        Assert.Equal(0L, await FaultChecks.ScalarAsync<long>(db, "SELECT count(*) FROM artifacts"));
        Assert.Equal(0L, await FaultChecks.ScalarAsync<long>(db, "SELECT count(*) FROM analysis_jobs"));
        Assert.Empty(await StoredKeysAsync(caseId));

        _relay.BringBack();
        using (var retried = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/vmcore-node7?kind=vmcore", new ByteArrayContent(dump)))
            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var details = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!;
        var artifact = Assert.Single(details.Artifacts);
        Assert.Equal(dump.Length, artifact.Size);
        Assert.Single(details.Analyses);
        Assert.Equal([BlobKey(caseId, artifact.Id)], await StoredKeysAsync(caseId));
        output.WriteLine($"upload outage: {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_resumable_upload_cut_off_by_the_store_going_away_resumes_from_its_offset_once_it_is_back()
    {
        var clock = Stopwatch.StartNew();
        var (client, caseId) = await NewCaseAsync("store outage mid-resumable-upload");
        var dump = await File.ReadAllBytesAsync(TestFixtures.DumpFile(Fixture));
        var session = await Uploads.Tus.CreatedAsync(client, caseId, "vmcore-resumed", "vmcore", dump.Length);
        const int first = 6 * 1024 * 1024;
        using (var patched = await Uploads.Tus.PatchAsync(client, session, 0, dump[..first]))
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        long before = await Uploads.Tus.OffsetAsync(client, session);

        _relay.TakeDown();
        using (var refused = await Uploads.Tus.PatchAsync(client, session, before, dump[(int)before..]))
        {
            var text = await refused.Content.ReadAsStringAsync();
            output.WriteLine($"PATCH while down: {(int)refused.StatusCode} {text}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("vmcore-resumed", text, StringComparison.Ordinal);
        }
        // The session survives: HEAD answers (the database is up) with the offset of what was staged (the first PATCH's at least,
        // and whatever of the cut one the staging made durable); the end-to-end SHA-256 below proves none of it is wrong.
        long resumeAt = await Uploads.Tus.OffsetAsync(client, session);
        output.WriteLine($"offset before the outage {before}, after it {resumeAt}");
        Assert.InRange(resumeAt, before, dump.Length - 1);

        _relay.BringBack();
        using (var resumed = await Uploads.Tus.PatchAsync(client, session, resumeAt, dump[(int)resumeAt..]))
            Assert.Equal(HttpStatusCode.NoContent, resumed.StatusCode);
        var details = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!;
        var artifact = Assert.Single(details.Artifacts);
        Assert.Equal(dump.Length, artifact.Size);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(dump)), artifact.Sha256);
        Assert.Equal([BlobKey(caseId, artifact.Id)], await StoredKeysAsync(caseId));
        output.WriteLine($"resumable upload outage: {clock.Elapsed.TotalSeconds:F1} s");
    }

    private async Task<(HttpClient Client, Guid CaseId)> NewCaseAsync(string title)
    {
        var (_, key) = await _api.CreateTenantAsync();
        var client = _api.ClientWithKey(key);
        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(title, "ACME", null, null));
        return (client, (await Json.ReadAsync<CaseDto>(created)).Id);
    }

    private static string BlobKey(Guid caseId, Guid artifactId) => Core.Storage.BlobKeys.ForArtifact(caseId, artifactId);

    /// <summary>The case's objects on s3rver itself (the relay may be down).</summary>
    private static async Task<List<string>> StoredKeysAsync(Guid caseId)
    {
        using var store = TestStores.S3();
        var keys = new List<string>();
        await foreach (var key in store.ListKeysAsync($"cases/{caseId:N}/"))
            keys.Add(key);
        return keys;
    }

    private string Diagnostics()
    {
        var rows = FaultChecks.JobsAsync(_api.Database.ConnectionString).GetAwaiter().GetResult();
        var attempts = string.Join("\n", (_worker?.Output ?? "").Split('\n').Where(l => l.Contains("attempt", StringComparison.OrdinalIgnoreCase) || l.Contains("Hangfire", StringComparison.Ordinal)).TakeLast(30));
        var queued = FaultChecks.ScalarAsync<string>(_api.Database.ConnectionString,
            "SELECT coalesce(string_agg(j.id || ' ' || j.statename || ' on ' || coalesce(q.queue, '-'), '; '), 'none') FROM hangfire.job j LEFT JOIN hangfire.jobqueue q ON q.jobid = j.id").GetAwaiter().GetResult();
        return $"--- rows ---\n{string.Join("\n", rows)}\n--- hangfire jobs ---\n{queued}\n--- worker (exited: {_worker?.HasExited}) ---\n{attempts}";
    }

    /// <summary>A request body that calls <c>onCrossing</c> once its reader has passed <c>after</c> bytes.</summary>
    private sealed class CallbackStream(byte[] data, long after, Action onCrossing) : MemoryStream(data, writable: false)
    {
        private bool _called;

        public override int Read(byte[] buffer, int offset, int count) => Crossed(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Crossed(base.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Crossed(await base.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Crossed(int n)
        {
            if (!_called && Position > after)
            {
                _called = true;
                onCrossing();
            }
            return n;
        }
    }
}
