namespace Crashdesk.Core.Storage;

/// <summary>
/// A read-only stream of one object that can seek: a seek only moves the position, the next read opens a
/// sequential read from there (<see cref="IBlobStore.OpenReadAsync(string, long, CancellationToken)"/>: a
/// file seek or one ranged S3 GET). So HTTP range requests (RFC 9110 §14) and resumed downloads of
/// multi-gigabyte dumps cost what they read, never a download from the start.
/// </summary>
public sealed class SeekableBlobStream(IBlobStore store, string key, long length) : Stream
{
    private Stream? _current;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        if (target < 0)
            throw new IOException("cannot seek before the start of the object");
        if (target != _position)
        {
            _current?.Dispose();
            _current = null;
            _position = target;
        }
        return _position;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0)
            return 0;
        _current ??= await store.OpenReadAsync(key, _position, cancellationToken);
        int read = await _current.ReadAsync(buffer[..(int)Math.Min(buffer.Length, length - _position)], cancellationToken);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _current?.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null)
            await _current.DisposeAsync();
        await base.DisposeAsync();
    }
}
