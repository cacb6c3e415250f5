namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// Gives back the bytes already read to sniff the compression, then the rest of the upload: the
/// upload stream need not be seekable (an HTTP request body is not), and nothing is buffered to disk.
/// <see cref="Position"/> counts the bytes handed out (SharpCompress's xz decoder reads it to find a
/// block's padding); there is no seeking.
/// </summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
{
    private ReadOnlyMemory<byte> prefix = prefix;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => position; set => throw new NotSupportedException(); }

    private long position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        if (prefix.IsEmpty)
            n = rest.Read(buffer);
        else
        {
            n = Math.Min(buffer.Length, prefix.Length);
            prefix.Span[..n].CopyTo(buffer);
            prefix = prefix[n..];
        }
        position += n;
        return n;
    }



    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
