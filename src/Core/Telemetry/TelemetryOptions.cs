using System.ComponentModel.DataAnnotations;
using Crashdesk.Core.Options;

namespace Crashdesk.Core.Telemetry;

/// <summary>Section "Telemetry": where traces and metrics go. Off by default: nothing leaves the process unless configured.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The scrape endpoint <c>GET /metrics</c> (Prometheus text format) on the host's HTTP port.</summary>
    public PrometheusOptions Prometheus { get; set; } = new();

    /// <summary>
    /// An OpenTelemetry collector (OTLP over HTTP/protobuf, e.g. <c>http://collector:4318</c>) that
    /// receives traces and metrics; empty: none are sent.
    /// </summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>How often the worker counts queued and running analyses for the queue-depth gauge.</summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(15);

    public sealed class PrometheusOptions
    {
        public bool Enabled { get; set; }

        /// <summary>
        /// The bearer token a scraper sends (<c>Authorization: Bearer …</c>; Prometheus'
        /// <c>authorization.credentials</c>); required when enabled, at least 32 characters. Metrics
        /// name no customer data, but counts and timings are still no one else's business.
        /// </summary>
        public string ScrapeToken { get; set; } = "";
    }
}
