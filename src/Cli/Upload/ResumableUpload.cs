namespace Crashdesk.Cli.Upload;

/// <summary>
/// Sends a file through a session until the server holds all of it: chunk after chunk from the server's offset;
/// on a network error (a dropped link, a timeout, a 5xx or 423) it waits with exponential back-off, asks HEAD
/// where the server is, and resumes there; on a 409 (a PATCH the server had already taken) it resumes at the
/// offset the server names. A refusal (4xx) ends it with the server's detail.
/// </summary>
internal sealed class ResumableUpload(TusClient client, IChunkPlanner planner, UploadSettings settings, Action<string> log)
{
    public int Retries { get; private set; }

    /// <summary>Returns the final PATCH's result (or, when its answer was lost, the session's).</summary>
    public async Task<PatchResult> RunAsync(Uri session, FileStream file, long length, Action<long>? sent, Action<long>? resumedAt, CancellationToken cancellationToken)
    {
        long offset = await WithRetriesAsync(() => client.GetOffsetAsync(session, cancellationToken), cancellationToken) is var (o, serverLength) && serverLength == length
            ? o : throw new TusRefusedException(0, null, $"the session is for {serverLength} bytes, the file has {length}");
        resumedAt?.Invoke(offset);
        int failures = 0;
        while (planner.Next(offset, length, settings.ChunkBytes) is var (start, count))
        {
            try
            {
                var result = await client.PatchAsync(session, file, start, count, settings.ChunkChecksums, sent, cancellationToken);
                failures = 0;
                offset = result.Offset;
                if (offset >= length)
                    return result;
            }
            catch (TusOffsetConflictException conflict)
            {
                log($"the server holds {conflict.ServerOffset} bytes; resuming there");
                offset = conflict.ServerOffset;
                resumedAt?.Invoke(offset);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                failures++;
                Retries++;
                if (failures > settings.MaxConsecutiveFailures)
                    throw new IOException($"gave up after {failures} failed attempts in a row: {e.Message}", e);
                var wait = BackOff(failures);
                log($"connection problem ({e.Message}); retrying in {wait.TotalSeconds:0.#} s");
                await Task.Delay(wait, cancellationToken);
                offset = (await WithRetriesAsync(() => client.GetOffsetAsync(session, cancellationToken), cancellationToken)).Offset;
                resumedAt?.Invoke(offset);
            }
        }
        // The last PATCH's answer was lost but the server has every byte: read the outcome.
        var json = await WithRetriesAsync(() => client.GetAsync(session, cancellationToken), cancellationToken);
        if (json.Status == "failed")
            throw new TusRefusedException(410, "upload_failed", json.Error ?? "the upload failed");
        return new PatchResult(json.Offset, json.ArtifactId, json.AnalysisId);
    }

    private async Task<T> WithRetriesAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (IsTransient(e, cancellationToken) && attempt <= settings.MaxConsecutiveFailures)
            {
                Retries++;
                var wait = BackOff(attempt);
                log($"connection problem ({e.Message}); retrying in {wait.TotalSeconds:0.#} s");
                await Task.Delay(wait, cancellationToken);
            }
        }
    }

    /// <summary>Doubling from the first delay up to the cap, with ±20 % jitter so many clients do not return in step.</summary>
    private TimeSpan BackOff(int failures)
    {
        double ms = Math.Min(settings.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, failures - 1), settings.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e is HttpRequestException or IOException or TaskCanceledException && e is not TusRefusedException;
}

/// <summary>How <see cref="ResumableUpload"/> sends: chunk size, per-chunk checksums, back-off.</summary>
internal sealed record UploadSettings
{
    public int ChunkBytes { get; init; } = 8 * 1024 * 1024;
    public bool ChunkChecksums { get; init; }
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);
    public int MaxConsecutiveFailures { get; init; } = 20;
}
