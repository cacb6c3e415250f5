namespace Crashdesk.Core.Storage;

/// <summary>
/// A read-only, forward-only stream of bytes already read (<c>prefix</c>) followed by the rest of
/// <c>rest</c>: an upload's first bytes are looked at (a vmcore's probe, a sosreport's compression)
/// before the store or the reader takes the whole stream. <see cref="Position"/> counts the bytes
/// handed out (SharpCompress's xz decoder reads it to find a block's padding); there is no seeking.
/// </summary>
internal sealed class PrefixedReadStream(byte[] prefix, int prefixLength, Stream rest) : Stream
{
    private int _prefixRead;
    private long _handedOut;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _handedOut; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) =>
        Count(_prefixRead < prefixLength ? TakePrefix(buffer) : rest.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(_prefixRead < prefixLength ? TakePrefix(buffer.Span) : await rest.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _handedOut += read;
        return read;
    }

    private int TakePrefix(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, prefixLength - _prefixRead);
        prefix.AsSpan(_prefixRead, n).CopyTo(buffer);
        _prefixRead += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
