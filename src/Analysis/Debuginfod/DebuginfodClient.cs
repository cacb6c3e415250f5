using System.Net;
using Crashdesk.Analysis.Binary;

namespace Crashdesk.Analysis.Debuginfod;

/// <summary>
/// Fetches a debug kernel by GNU build-id: `GET {server}/buildid/{hex}/debuginfo` (debuginfod(8)),
/// servers tried in order, the answer streamed to a temporary file under the size limit, checked
/// to be ELF with the requested build-id, then moved into the cache. A cached file is used
/// without asking any server.
/// </summary>
public sealed class DebuginfodClient(DebuginfodOptions options, HttpMessageHandler? handler = null)
{
    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler { ConnectTimeout = options.ConnectTimeout }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The options in use.</summary>
    public DebuginfodOptions Options => options;

    /// <summary>Path of the cached file for a build-id (it may not exist yet).</summary>
    public string CachePath(string buildId) => Path.Combine(options.CacheDirectory, Normalize(buildId), "debuginfo");

    /// <summary>
    /// The local path of the debuginfo for <paramref name="buildId"/>, downloading it if needed;
    /// null when no server has it (404 everywhere). Transport failures of one server move on to the
    /// next; if every server failed that way, the last failure is thrown.
    /// </summary>
    public async Task<string?> FetchDebugInfoAsync(string buildId, CancellationToken cancellationToken = default)
    {
        string id = Normalize(buildId);
        string target = CachePath(id);
        if (File.Exists(target))
            return target;
        Exception? lastFailure = null;
        bool anyAnswered = false;
        foreach (var server in options.Servers)
        {
            try
            {
                if (await TryDownloadAsync(new Uri(server, $"buildid/{id}/debuginfo"), id, target, cancellationToken).ConfigureAwait(false))
                    return target;
                anyAnswered = true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
            {
                lastFailure = e;
            }
        }
        if (!anyAnswered && lastFailure is not null)
            throw new IOException($"debuginfod: no server answered for build-id {id}: {lastFailure.Message}", lastFailure);
        return null;
    }

    private async Task<bool> TryDownloadAsync(Uri url, string buildId, string target, CancellationToken cancellationToken)
    {
        using var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        headers.CancelAfter(options.ConnectTimeout);
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, headers.Token).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return false;
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength is long announced && announced > options.MaxBytes)
            throw new DebuginfodLimitException($"debuginfod: {url} announces {announced} bytes, more than the limit {options.MaxBytes}");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string temp = target + ".part" + Environment.ProcessId + "." + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using (var download = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                download.CancelAfter(options.DownloadTimeout);
                await using var body = await response.Content.ReadAsStreamAsync(download.Token).ConfigureAwait(false);
                await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                var buffer = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = await body.ReadAsync(buffer, download.Token).ConfigureAwait(false)) > 0)
                {
                    total += n;
                    if (total > options.MaxBytes)
                        throw new DebuginfodLimitException($"debuginfod: {url} sent more than the limit of {options.MaxBytes} bytes");
                    await file.WriteAsync(buffer.AsMemory(0, n), download.Token).ConfigureAwait(false);
                }
            }
            using (var image = ElfImage.Open(temp))
            {
                if (!GnuBuildId.TryRead(image, out string got) || got != buildId)
                    throw new DumpFormatException($"debuginfod: {url} returned a file with build-id {(got.Length == 0 ? "none" : got)}, not {buildId}");
            }
            File.Move(temp, target, overwrite: true);
            return true;
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    private static string Normalize(string buildId)
    {
        string id = buildId.Trim().ToLowerInvariant();
        if (id.Length is < 2 or > 128 || id.Length % 2 != 0 || !id.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException($"build-id \"{buildId}\" is not an even number of hex digits", nameof(buildId));
        return id;
    }
}
