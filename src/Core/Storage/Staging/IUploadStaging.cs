namespace Crashdesk.Core.Storage.Staging;

/// <summary>
/// What a store adds for resumable uploads, beside <see cref="IBlobStore"/>: an object of a length known in
/// advance, staged over many requests (a sparse file in the local store's staging area, an S3 multipart
/// upload), then moved under its key at once. <c>state</c> is the store's own (null for the local store,
/// the multipart upload's id and parts for S3): the caller keeps it with the session and hands it back.
/// Staged bytes are never visible under the key before <see cref="CompleteAsync"/>.
/// </summary>
public interface IUploadStaging
{
    /// <summary>Starts staging <paramref name="length"/> bytes for <paramref name="key"/>; returns the initial state.</summary>
    Task<string?> BeginAsync(string key, long length, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the staged upload to append at <paramref name="offset"/> (the session's durable offset). Throws
    /// <see cref="StagingLostException"/> when what is staged does not match it (a server crash between a write and its record).
    /// </summary>
    Task<IStagedAppend> AppendAsync(string key, string? state, long length, long offset, CancellationToken cancellationToken = default);

    /// <summary>Every byte staged (offset == length): the object appears under <paramref name="key"/>, readable like any other.</summary>
    Task CompleteAsync(string key, string? state, long length, CancellationToken cancellationToken = default);

    /// <summary>Deletes what is staged (staging file, tail, the multipart upload and its parts); idempotent.</summary>
    Task AbortAsync(string key, string? state, CancellationToken cancellationToken = default);
}

/// <summary>A store that can stage resumable uploads: it hands out its <see cref="IUploadStaging"/> rather than forwarding each call.</summary>
public interface IHasUploadStaging
{
    IUploadStaging UploadStaging { get; }
}

/// <summary>One request's appends to a staged upload, in order from the offset it was opened at.</summary>
public interface IStagedAppend : IAsyncDisposable
{
    /// <summary>Accepts the next bytes; each byte accepted is durable once <see cref="FinishAsync"/> returns.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// Makes every accepted byte durable (fsync, a sealed tail, a part upload) and says through which offset the
    /// staged bytes now go and the store's new state. Called once, also after the request body was cut off.
    /// </summary>
    Task<StagedProgress> FinishAsync(CancellationToken cancellationToken);
}

public sealed record StagedProgress(long Offset, string? State);

/// <summary>The staged bytes do not match the session's record: the upload cannot go on and must start again.</summary>
public sealed class StagingLostException(string message) : Exception(message);
