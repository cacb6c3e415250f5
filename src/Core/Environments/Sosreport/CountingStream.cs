namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>Counts the bytes read from the upload (the compressed side of <see cref="MeteredStream"/>'s ratio).</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    public long BytesRead { get; private set; }

    /// <summary>True once the upload itself failed to read (a dropped connection), as opposed to the data being bad.</summary>
    public bool Failed { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            int n = inner.Read(buffer);
            BytesRead += n;
            return n;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            Failed = true;
            throw;
        }
    }



    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
