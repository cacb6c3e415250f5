using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Crashdesk.Benchmarks.Service;

/// <summary>What one upload cost, from the client's and the worker's side.</summary>
/// <param name="PutMs">The PUT of the dump, request to response (the upload itself).</param>
/// <param name="VisibleMs">Upload end (the PUT's response) → the report answers 200 on <c>GET /cases/{id}/report</c>.</param>
/// <param name="HeadersMs">Upload end → the report's 200 and headers (before its body is read).</param>
/// <param name="ReportGetMs">One more <c>GET /cases/{id}/report</c> once it exists, request to last byte.</param>
/// <param name="QueuedMs">analysis_jobs.created_at → started_at: the wait for a worker to take the job.</param>
/// <param name="JobMs">analysis_jobs.started_at → finished_at: the job, report written included.</param>
/// <param name="Phases">The engine's phases (seconds) for this analysis, from the host's /metrics.</param>
/// <param name="BytesRead">Bytes of the stored dump the engine read.</param>
/// <param name="S3BytesFetched">Bytes fetched from S3 by ranged reads (0 on the local store).</param>
/// <param name="S3Requests">Ranged GETs sent to S3.</param>
public sealed record AnalysisSample(double PutMs, double VisibleMs, double HeadersMs, double ReportGetMs, double QueuedMs, double JobMs, IReadOnlyDictionary<string, double> Phases,
    double BytesRead, double S3BytesFetched, double S3Requests);

/// <summary>
/// Uploads one dump to a new case through the API and watches for its report the way a client would: polling
/// <c>GET /cases/{id}/report</c> every <see cref="PollEvery"/> (so a latency is at most that much late), then reads
/// the job's timestamps from the database and the analysis's phases and bytes from the host's metrics.
/// </summary>
public sealed class AnalysisProbe(HttpClient http, string database, string scrapeToken)
{
    /// <summary>The client's polling period: short against an analysis of 150–400 ms, long enough not to load the host.</summary>
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan ScrapeCache = TimeSpan.FromMilliseconds(350);

    /// <summary>Uploads <paramref name="dumpPath"/> to a new case and measures until its report is visible.</summary>
    public async Task<AnalysisSample> RunAsync(string dumpPath, string label)
    {
        string caseId = await CreateCaseAsync(http, $"service bench {label}");
        var before = await ScrapeAsync();

        var put = Stopwatch.StartNew();
        await UploadDumpAsync(http, caseId, dumpPath);
        put.Stop();
        var visible = Stopwatch.StartNew();
        double headersMs = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            using (var report = await http.GetAsync($"api/v1/cases/{caseId}/report", HttpCompletionOption.ResponseHeadersRead))
            {
                if (report.StatusCode == HttpStatusCode.OK)
                {
                    headersMs = visible.Elapsed.TotalMilliseconds;
                    await report.Content.CopyToAsync(Stream.Null);
                    break;
                }
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{label}: no report within 3 minutes of the upload");
            await Task.Delay(PollEvery);
        }
        visible.Stop();

        // The same GET again, the report already there: what one read of the report costs the client.
        var again = Stopwatch.StartNew();
        using (var report = await http.GetAsync($"api/v1/cases/{caseId}/report"))
            report.EnsureSuccessStatusCode();
        again.Stop();
        var (queued, job) = await JobTimesAsync(Guid.Parse(caseId));
        var after = await ScrapeAsync();
        var phases = after.ByLabel("crashdesk_analysis_phase_duration", "phase")
            .ToDictionary(p => p.Key, p => p.Value - before.ByLabel("crashdesk_analysis_phase_duration", "phase").GetValueOrDefault(p.Key));
        return new AnalysisSample(put.Elapsed.TotalMilliseconds, visible.Elapsed.TotalMilliseconds, headersMs, again.Elapsed.TotalMilliseconds, queued, job, phases,
            Delta(before, after, "crashdesk_analysis_bytes_read", "_sum", "input=\"dump\""),
            Delta(before, after, "crashdesk_storage_s3_bytes_fetched", "_total"),
            Delta(before, after, "crashdesk_storage_s3_requests", "_total"));
    }

    /// <summary>A new case titled <paramref name="title"/>; its id.</summary>
    public static async Task<string> CreateCaseAsync(HttpClient http, string title)
    {
        using var created = await http.PostAsJsonAsync("api/v1/cases", new { title, customer = "ACME" });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The dump at <paramref name="dumpPath"/> as the case's vmcore, in one PUT (its analysis is queued when it returns).</summary>
    public static async Task UploadDumpAsync(HttpClient http, string caseId, string dumpPath)
    {
        await using var file = File.OpenRead(dumpPath);
        using var upload = await http.PutAsync($"api/v1/cases/{caseId}/artifacts/{Path.GetFileName(dumpPath)}?kind=vmcore", new StreamContent(file));
        upload.EnsureSuccessStatusCode();
    }

    private static double Delta(PrometheusText before, PrometheusText after, string prefix, string suffix, string? label = null) =>
        after.Sum(prefix, suffix, label) - before.Sum(prefix, suffix, label);

    private async Task<PrometheusText> ScrapeAsync()
    {
        // The OpenTelemetry Prometheus exporter answers a scrape from its cache for 300 ms
        // (PrometheusAspNetCoreOptions.ScrapeResponseCacheDurationMilliseconds): wait it out, or two scrapes
        // around a fast analysis read the same totals.
        await Task.Delay(ScrapeCache);
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scrapeToken);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task<(double QueuedMs, double JobMs)> JobTimesAsync(Guid caseId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT extract(epoch FROM started_at - created_at) * 1000, extract(epoch FROM finished_at - started_at) * 1000 " +
            "FROM analysis_jobs WHERE case_id = @case ORDER BY created_at DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("case", caseId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
            throw new InvalidOperationException($"case {caseId} has no analysis job");
        return (Convert.ToDouble(reader.GetValue(0)), Convert.ToDouble(reader.GetValue(1)));
    }
}
