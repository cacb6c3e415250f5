namespace Crashdesk.Core.Storage;

/// <summary>
/// The body handed to the Minio SDK's streamed PutObjectAsync: the head already read (counted and
/// hashed), then the rest of the caller's stream through the same <see cref="HashingCopier"/>, so
/// size, SHA-256 and the size limit are computed on the way.
/// <para>Two things the SDK does not do, done here: it reads without a cancellation token (Minio SDK
/// 7.0.0 <c>ReadFullAsync</c>), so the caller's token is passed to every read of the source; and
/// for a body of unknown length it uploads at most <see cref="MaxStreamedBytes"/> and then completes
/// the upload without looking further, silently cutting a longer body. The read that reaches that
/// size therefore checks for one more byte and fails the upload if there is one.</para>
/// </summary>
internal sealed class S3UploadBody(ReadOnlyMemory<byte> head, Stream source, HashingCopier copier, CancellationToken cancellationToken) : Stream
{
    /// <summary>
    /// What Minio SDK 7.0.0 uploads of a body of unknown length (object size -1):
    /// <c>Utils.CalculateMultiPartSize(-1)</c> takes <c>MaximumStreamObjectSize</c> = 10000 parts of
    /// 5 MiB and rounds the part size up to <c>MinimumPUTPartSize</c> (16 MiB): 3125 parts of 16 MiB.
    /// </summary>
    public const long MaxStreamedBytes = 3125L * 16 * 1024 * 1024;

    /// <summary>The part size the SDK uses for a body of unknown length (see <see cref="MaxStreamedBytes"/>).</summary>
    public const int StreamedPartBytes = 16 * 1024 * 1024;

    private ReadOnlyMemory<byte> _head = head;
    private long _delivered;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _delivered; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ignored = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (buffer.IsEmpty)
            return 0;
        int n;
        if (!_head.IsEmpty)
        {
            n = Math.Min(buffer.Length, _head.Length);
            _head[..n].CopyTo(buffer);
            _head = _head[n..];
        }
        else
        {
            long room = MaxStreamedBytes - _delivered;
            if (room == 0)
                return 0;
            n = await copier.ReadAsync(source, buffer[..(int)Math.Min(buffer.Length, room)], cancellationToken);
        }
        _delivered += n;
        if (_delivered == MaxStreamedBytes && await HasMoreAsync())
            throw new BlobTooLargeException(MaxStreamedBytes);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ignored) =>
        ReadAsync(buffer.AsMemory(offset, count), ignored).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the upload body is read asynchronously");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async Task<bool> HasMoreAsync()
    {
        var probe = new byte[1];
        return await source.ReadAsync(probe, cancellationToken) > 0;
    }
}
