using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>
/// Section "Debuginfod": the servers the worker asks for a debug kernel when an organisation's library
/// has none for a dump's build-id (elfutils debuginfod(8): <c>GET {server}/buildid/{id}/debuginfo</c>).
/// No servers (the default): nothing is fetched.
/// </summary>
public sealed class DebuginfodServiceOptions
{
    public const string Section = "Debuginfod";

    /// <summary>Base URLs (http or https, no user:password), tried in order, e.g. <c>https://debuginfod.debian.net/</c>.</summary>
    public List<string> Servers { get; set; } = [];

    /// <summary>Largest vmlinux accepted from a server, in bytes (default 2 GiB; distribution debug kernels are 0.2–1 GiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Time to connect to one server and receive its response headers.</summary>
    [TimeSpanRange("00:00:01", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time for one whole download.</summary>
    [TimeSpanRange("00:00:01", "06:00:00")]
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Tries per server when it cannot be reached or breaks off (not for a 404, a wrong build-id or a file over the limit).</summary>
    [Range(1, 10)]
    public int Attempts { get; set; } = 3;

    /// <summary>Wait before the second try of a server; doubled before each later one.</summary>
    [TimeSpanRange("00:00:00", "00:30:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the outcome for a build-id stands: within it, analyses of that build-id do not ask the
    /// servers again (a failure is not retried on every re-analysis; a fetched one is in the library).
    /// </summary>
    [TimeSpanRange("00:00:00", "365.00:00:00")]
    public TimeSpan RememberOutcome { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The servers as URIs with a trailing slash (validated at start-up, so this never throws afterwards).</summary>
    public IReadOnlyList<Uri> ServerUris() => [.. Servers.Select(s => new Uri(s.TrimEnd('/') + "/", UriKind.Absolute))];

    /// <summary>
    /// True when every server is an absolute http(s) URL without user information: the URL becomes the
    /// fetched kernel's origin, shown to people and logged, so a password in it would leak.
    /// </summary>
    public bool ServersAreValid() => Servers.All(s =>
        Uri.TryCreate(s?.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0);
}
