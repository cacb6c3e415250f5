using Crashdesk.Analysis;
using Crashdesk.Analysis.Debuginfod;
using Crashdesk.Core.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Debuginfod;

/// <summary>What a download gave: the verified file and the URL it came from, or why no server gave it.</summary>
public sealed record DebuginfodDownload(string? Path, Uri? Source, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Path is not null;
}

/// <summary>
/// Asks the configured servers in order for one build-id, each through the engine's
/// <see cref="DebuginfodClient"/> (size cap, timeouts, and the build-id of what arrived checked against the
/// one asked, so a lying server's file is refused). A server that cannot be reached or breaks off is tried
/// again after <c>Debuginfod:RetryDelay</c>, doubled each time, up to <c>Debuginfod:Attempts</c>; a 404, a
/// wrong build-id or a file over the limit would be the same again, so those move on to the next server at once.
/// </summary>
public sealed class DebuginfodDownloader(IOptions<DebuginfodServiceOptions> options, ILogger<DebuginfodDownloader> logger)
{
    public async Task<DebuginfodDownload> DownloadAsync(string buildId, string workDirectory, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var problems = new List<string>();
        foreach (var server in settings.ServerUris())
        {
            var client = new DebuginfodClient(new DebuginfodOptions
            {
                Servers = [server],
                // A directory per server: a file one server sent is never taken for another's.
                CacheDirectory = Path.Combine(workDirectory, problems.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                MaxBytes = settings.MaxBytes,
                ConnectTimeout = settings.ConnectTimeout,
                DownloadTimeout = settings.DownloadTimeout,
            });
            var url = new Uri(server, $"buildid/{buildId}/debuginfo");
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    if (await client.FetchDebugInfoAsync(buildId, cancellationToken) is { } path)
                        return new DebuginfodDownload(path, url, problems);
                    problems.Add($"{server} does not have it (404)");
                    break;
                }
                catch (IOException e) when (e.InnerException is DebuginfodLimitException limit && !cancellationToken.IsCancellationRequested)
                {
                    problems.Add(limit.Message);
                    break;
                }
                catch (IOException e) when (!cancellationToken.IsCancellationRequested)
                {
                    if (attempt >= settings.Attempts)
                    {
                        problems.Add($"{server} could not be reached after {attempt} attempt(s): {(e.InnerException ?? e).Message}");
                        break;
                    }
                    var delay = settings.RetryDelay * Math.Pow(2, attempt - 1);
                    logger.LogInformation("Debuginfod {Server} for {BuildId}: attempt {Attempt} failed ({Message}); trying again in {Delay}",
                        server, buildId, attempt, (e.InnerException ?? e).Message, delay);
                    await Task.Delay(delay, cancellationToken);
                }
                catch (Exception e) when (e is DumpFormatException or NotSupportedException or InvalidDataException or EndOfStreamException or ArgumentException
                    && !cancellationToken.IsCancellationRequested)
                {
                    // Not the kernel asked for (another build-id, no ELF): refused, never stored.
                    problems.Add($"refused what {server} sent: {e.Message}");
                    break;
                }
            }
        }
        return new DebuginfodDownload(null, null, problems);
    }
}
