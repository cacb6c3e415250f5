using Crashdesk.Core.Options;

namespace Crashdesk.Core.Storage.Staging;

/// <summary>
/// Resumable uploads of the S3 store: one S3 multipart upload per session, parts of exactly
/// <see cref="S3Options.PartSizeBytes"/> (S3 wants at least 5 MiB for every part but the last). Bytes that do not
/// fill a part yet wait in a bounded local file (at most one part, never in memory), named by the part they
/// will become, under <see cref="S3Options.StagingPath"/>; the last part is sent at completion. The staging
/// file is on the server that received the bytes: several Api servers need the directory shared, or sticky sessions.
/// </summary>
internal sealed class S3UploadStaging(S3Multipart multipart, string directory, int partSize) : IUploadStaging
{
    private string NameOf(string key)
    {
        BlobKeys.Validate(key);
        return key.Replace('/', '-');
    }

    internal string TailPath(string key, int partNumber) => Path.Combine(directory, $"{NameOf(key)}.part{partNumber}");

    public async Task<string?> BeginAsync(string key, long length, CancellationToken cancellationToken = default)
    {
        if ((length + partSize - 1) / partSize > 10_000)
            throw new BlobTooLargeException(10_000L * partSize);
        PrivateFiles.CreateDirectory(directory);
        string uploadId = await multipart.CreateAsync(key, cancellationToken);
        return new S3StagingState(uploadId, []).ToJson();
    }

    public Task<IStagedAppend> AppendAsync(string key, string? state, long length, long offset, CancellationToken cancellationToken = default)
    {
        var parsed = S3StagingState.Parse(state, key);
        long tail = offset - (long)parsed.Parts.Count * partSize;
        if (tail < 0 || tail > partSize)
            throw new StagingLostException($"{key}: {parsed.Parts.Count} parts do not add up to offset {offset}");
        int next = parsed.Parts.Count + 1;
        RemoveTails(key, keep: next);
        var path = TailPath(key, next);
        PrivateFiles.CreateDirectory(directory);
        var file = OpenTail(path, FileMode.OpenOrCreate);
        if (file.Length < tail)
        {
            file.Dispose();
            throw new StagingLostException($"{key}: the staged tail holds {file.Length} bytes, the session {tail}");
        }
        // A longer file holds bytes received but never recorded (a crash before the offset was saved): the client sends them again.
        file.SetLength(tail);
        file.Position = tail;
        return Task.FromResult<IStagedAppend>(new S3StagedAppend(this, multipart, key, parsed, file, partSize));
    }

    public async Task CompleteAsync(string key, string? state, long length, CancellationToken cancellationToken = default)
    {
        var parsed = S3StagingState.Parse(state, key);
        var path = TailPath(key, parsed.Parts.Count + 1);
        long tail = length - (long)parsed.Parts.Count * partSize;
        if (tail > 0)
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            parsed.Parts.Add(new S3Part(parsed.Parts.Count + 1, await multipart.UploadPartAsync(key, parsed.UploadId, parsed.Parts.Count + 1, file, 0, tail, cancellationToken)));
        }
        await multipart.CompleteAsync(key, parsed.UploadId, parsed.Parts, cancellationToken);
        RemoveTails(key, keep: -1);
    }

    public async Task AbortAsync(string key, string? state, CancellationToken cancellationToken = default)
    {
        if (state is not null)
            await multipart.AbortAsync(key, S3StagingState.Parse(state, key).UploadId, cancellationToken);
        RemoveTails(key, keep: -1);
    }

    /// <summary>A tail file, 0600 like every staged or stored byte (<see cref="PrivateFiles"/>).</summary>
    internal static FileStream OpenTail(string path, FileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = mode, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 1 << 16, Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = PrivateFiles.FileMode;
        return new FileStream(path, options);
    }

    /// <summary>Deletes the key's tail files but part <paramref name="keep"/>'s (earlier ones are uploaded, later ones left by a crash).</summary>
    private void RemoveTails(string key, int keep)
    {
        if (!Directory.Exists(directory))
            return;
        foreach (var file in Directory.EnumerateFiles(directory, NameOf(key) + ".part*"))
        {
            if (file != TailPath(key, keep))
                File.Delete(file);
        }
    }
}
