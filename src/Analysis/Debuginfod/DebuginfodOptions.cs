namespace Crashdesk.Analysis.Debuginfod;

/// <summary>Where and how to fetch debug kernels by build-id (elfutils debuginfod(8) conventions).</summary>
public sealed record DebuginfodOptions
{
    /// <summary>Server base URLs, tried in order (`DEBUGINFOD_URLS`: space-separated).</summary>
    public IReadOnlyList<Uri> Servers { get; init; } = [];

    /// <summary>Cache directory; files land in `&lt;cache&gt;/&lt;build-id&gt;/debuginfo` (debuginfod-client's layout).</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>Largest download accepted (a debug vmlinux is 300–600 MB).</summary>
    public long MaxBytes { get; init; } = AnalysisLimits.Default.MaxDebuginfodBytes;

    /// <summary>Time allowed to connect and receive the response headers from one server.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for a whole download.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Options from the environment: `DEBUGINFOD_URLS`, `DEBUGINFOD_CACHE_PATH`.</summary>
    public static DebuginfodOptions FromEnvironment() => new()
    {
        Servers = ParseUrls(Environment.GetEnvironmentVariable("DEBUGINFOD_URLS")),
        CacheDirectory = Environment.GetEnvironmentVariable("DEBUGINFOD_CACHE_PATH") is { Length: > 0 } c ? c : DefaultCacheDirectory(),
    };

    /// <summary>Parses a `DEBUGINFOD_URLS`-style list (whitespace-separated http/https URLs; others ignored).</summary>
    public static IReadOnlyList<Uri> ParseUrls(string? urls)
    {
        var result = new List<Uri>();
        foreach (string part in (urls ?? "").Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Uri.TryCreate(part.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                result.Add(uri);
        }
        return result;
    }

    private static string DefaultCacheDirectory() =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "crashdesk", "debuginfod");
}
