using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crashdesk.Core.Telemetry;

/// <summary>
/// The service's own traces and metrics, under one name that the OpenTelemetry registration
/// (<see cref="CrashdeskServiceDefaults"/>) subscribes to. Instrument names and units follow the
/// OpenTelemetry semantic conventions (https://opentelemetry.io/docs/specs/semconv/general/metrics/):
/// dotted lower-case names, durations in seconds, sizes in bytes ("By"). Attributes carry ids and
/// kinds, never file names or customer text: a metrics backend is read by operators, not by the
/// organisation that uploaded the dump.
/// </summary>
public static class CrashdeskTelemetry
{
    public const string Name = "Crashdesk";

    public static readonly ActivitySource Activities = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>One analysis from claim to saved report (or failure); attributes <c>outcome</c> (done, failed) and <c>input</c> (dump, log).</summary>
    public static readonly Histogram<double> AnalysisDuration = Meter.CreateHistogram<double>(
        "crashdesk.analysis.duration", "s", "Time from an analysis' start to its saved report or failure");

    /// <summary>One engine phase (open, log, tasks, backtraces, …, as <c>crashdesk analyze --timings</c> names them); attribute <c>phase</c>.</summary>
    public static readonly Histogram<double> AnalysisPhaseDuration = Meter.CreateHistogram<double>(
        "crashdesk.analysis.phase.duration", "s", "Wall time of one engine phase of an analysis");

    /// <summary>Bytes the engine read from the stored object for one analysis (before the store's own caching and read-ahead).</summary>
    public static readonly Histogram<long> AnalysisBytesRead = Meter.CreateHistogram<long>(
        "crashdesk.analysis.bytes_read", "By", "Bytes of the stored dump or log the engine read for one analysis");

    /// <summary>Bytes fetched from the S3 store by ranged reads (what a bucket bills for), all analyses together.</summary>
    public static readonly Counter<long> S3BytesFetched = Meter.CreateCounter<long>(
        "crashdesk.storage.s3.bytes_fetched", "By", "Bytes fetched from the S3 store by ranged reads");

    /// <summary>Ranged GETs sent to the S3 store (what a bucket bills per request), all analyses together.</summary>
    public static readonly Counter<long> S3Requests = Meter.CreateCounter<long>(
        "crashdesk.storage.s3.requests", "{request}", "Ranged GET requests sent to the S3 store");

    /// <summary>Bytes of uploads stored (artifacts and debug kernels alike).</summary>
    public static readonly Counter<long> UploadBytes = Meter.CreateCounter<long>(
        "crashdesk.upload.bytes", "By", "Bytes of uploads written to the object store");

    /// <summary>One upload's streaming to the store, first byte to stored object; with <see cref="UploadBytes"/> it gives the throughput.</summary>
    public static readonly Histogram<double> UploadDuration = Meter.CreateHistogram<double>(
        "crashdesk.upload.duration", "s", "Time to stream one upload to the object store");

    /// <summary>Webhook delivery tries; attributes <c>outcome</c> (delivered, failed) and <c>http.response.status_code</c> when there was an answer.</summary>
    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "crashdesk.webhook.deliveries", "{try}", "Webhook delivery tries by outcome");

    private static IReadOnlyList<Measurement<long>> _queueDepth = [];

    /// <summary>Analyses queued and running (attribute <c>status</c>), as <see cref="QueueDepthSampler"/> last counted them.</summary>
    public static readonly ObservableGauge<long> QueueDepth = Meter.CreateObservableGauge(
        "crashdesk.analysis.queue.depth", () => Volatile.Read(ref _queueDepth), "{analysis}",
        "Analyses queued or running, by status, as last sampled from the database");

    internal static void SetQueueDepth(IReadOnlyList<Measurement<long>> sample) => Volatile.Write(ref _queueDepth, sample);
}
