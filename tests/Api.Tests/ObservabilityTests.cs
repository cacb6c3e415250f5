using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;
using Crashdesk.TestSupport;
using Microsoft.Extensions.Options;

namespace Crashdesk.Api.Tests;

/// <summary>
/// The operators' view (CrashdeskServiceDefaults): the Prometheus scrape endpoint behind its bearer token
/// on the Api and on a real Worker process, the service's own metrics after a real analysis, and the
/// Worker's health probes. Metrics are process-wide, so other tests' analyses may add to the numbers:
/// the checks are lower bounds and names, never exact totals.
/// </summary>
public sealed class ObservabilityTests
{
    private const string Token = "scrape-token-for-the-observability-tests-0123456789";

    private static readonly Dictionary<string, string?> Telemetry = new()
    {
        ["Telemetry:Prometheus:Enabled"] = "true",
        ["Telemetry:Prometheus:ScrapeToken"] = Token,
        ["Telemetry:QueueDepthInterval"] = "00:00:01",
    };

    [Fact]
    public async Task The_api_serves_the_analysis_metrics_only_with_the_scrape_token()
    {
        await using var api = await ApiFactory.CreateAsync(worker: true, extraSettings: Telemetry);
        var (_, key) = await api.CreateTenantAsync();
        using var client = api.ClientWithKey(key);
        var dump = TestFixtures.DumpFile("debian-6.1-cloud/sysrq-c/kdump-zlib");
        var caseId = await CaseFlow.CreateCaseAsync(client, "metrics");
        await CaseFlow.UploadAndWaitAsync(client, caseId, dump, "vmcore", analyses: 1);

        using var anonymous = api.CreateClient();
        using (var none = await anonymous.GetAsync("/metrics"))
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using (var wrong = await anonymous.SendAsync(Scrape("wrong-" + Token)))
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        // An API key is no scrape token: the endpoint is for the operators' scraper, not for tenants.
        using (var tenant = await client.GetAsync("/metrics"))
            Assert.Equal(HttpStatusCode.Unauthorized, tenant.StatusCode);

        var text = await ScrapeAsync(anonymous);
        Assert.True(Value(text, "crashdesk_analysis_duration_seconds_count", "outcome=\"done\"") >= 1, text);
        Assert.True(Value(text, "crashdesk_analysis_phase_duration_seconds_count", "phase=\"open\"") >= 1, text);
        Assert.True(Value(text, "crashdesk_analysis_bytes_read_bytes_sum", "input=\"dump\"") > 0, text);
        Assert.True(Value(text, "crashdesk_upload_bytes_total", null) >= new FileInfo(dump).Length, text);
        Assert.Contains("crashdesk_analysis_queue_depth", text);
        Assert.Contains("http_server_request_duration_seconds", text);
    }

    [Fact]
    public async Task Enabling_the_scrape_endpoint_without_a_token_stops_the_start()
    {
        await using var api = await ApiFactory.CreateAsync(extraSettings: new Dictionary<string, string?> { ["Telemetry:Prometheus:Enabled"] = "true" });
        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains("Telemetry:Prometheus:ScrapeToken", validation.Message);
    }

    [Fact]
    public async Task A_worker_process_answers_its_probes_and_scrapes_on_its_management_port()
    {
        await using var api = await ApiFactory.CreateAsync();
        int port = WebhookReceiver.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["Worker__ManagementUrls"] = $"http://127.0.0.1:{port}",
            ["Telemetry__Prometheus__Enabled"] = "true",
            ["Telemetry__Prometheus__ScrapeToken"] = Token,
            ["Telemetry__QueueDepthInterval"] = "00:00:01",
        };
        using var worker = WorkerProcess.Start("observed", api.Database.ConnectionString, api.LocalRoot!, TimeSpan.Zero, environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitForAsync(async () => (await http.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK, worker);
        using (var ready = await http.GetAsync("/health/ready"))
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using (var unauthorised = await http.GetAsync("/metrics"))
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorised.StatusCode);

        var (_, key) = await api.CreateTenantAsync();
        using var client = api.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "worker metrics");
        await CaseFlow.UploadAndWaitAsync(client, caseId, TestFixtures.DumpFile("debian-6.1-cloud/sysrq-c/kdump-zlib"), "vmcore", analyses: 1);

        // The worker process ran the analysis (this test process has no job server): its own scrape shows it.
        var text = await ScrapeAsync(http);
        Assert.True(Value(text, "crashdesk_analysis_duration_seconds_count", "outcome=\"done\"") >= 1, text);
        Assert.Contains("crashdesk_analysis_queue_depth", text);
        Assert.Contains("service_name=\"crashdesk-worker\"", text);
    }

    private static HttpRequestMessage Scrape(string token) => new(HttpMethod.Get, "/metrics")
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.SendAsync(Scrape(Token));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels contain <paramref name="label"/> (Prometheus text format).</summary>
    private static double Value(string text, string metric, string? label)
    {
        double sum = 0;
        foreach (Match m in Regex.Matches(text, $@"^{Regex.Escape(metric)}(\{{[^}}]*\}})? (\S+)", RegexOptions.Multiline))
            if (label is null || m.Groups[1].Value.Contains(label, StringComparison.Ordinal))
                sum += double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        return sum;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, WorkerProcess worker)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Assert.False(worker.HasExited, $"the worker exited:\n{worker.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"the worker's management port did not answer within a minute:\n{worker.Output}");
            await Task.Delay(250);
        }
    }
}
