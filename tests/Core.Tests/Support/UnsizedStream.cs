namespace Crashdesk.Core.Tests.Support;

/// <summary>
/// A read-only stream of deterministic pseudo-random bytes that does not know its length (like a
/// chunked HTTP body), optionally throwing after some bytes (a dropped connection).
/// </summary>
public sealed class UnsizedStream(long length, int seed = 1, long failAfter = -1) : Stream
{
    private readonly Random _random = new(seed);
    private long _position;

    public static byte[] Expected(long length, int seed = 1)
    {
        var bytes = new byte[length];
        var random = new Random(seed);
        // Same chunking as Read so the sequence is identical.
        int offset = 0;
        while (offset < bytes.Length)
        {
            int n = Math.Min(8192, bytes.Length - offset);
            random.NextBytes(bytes.AsSpan(offset, n));
            offset += n;
        }
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (failAfter >= 0 && _position >= failAfter)
            throw new IOException("simulated broken connection");
        int n = (int)Math.Min(Math.Min(buffer.Length, 8192), length - _position);
        if (n <= 0)
            return 0;
        _random.NextBytes(buffer[..n]);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
