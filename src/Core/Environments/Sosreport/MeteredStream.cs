namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// The decompressed archive, metered: it stops the read as soon as the decompressor has produced more
/// than <see cref="SosreportLimits.MaxUncompressedBytes"/>, or more than
/// <see cref="SosreportLimits.MaxCompressionRatio"/> bytes per compressed byte read (after the grace).
/// This bounds the work of a compression bomb whose headers declare sizes within the limits (many
/// members of zeros): the declared-size checks catch the rest from the headers alone.
/// </summary>
internal sealed class MeteredStream(Stream decompressed, CountingStream compressed, bool isCompressed, SosreportLimits limits) : Stream
{
    public long BytesProduced { get; private set; }

    /// <summary>The member being read, for the message (set once the tar reader exists).</summary>
    public Func<string?> Member { get; set; } = () => null;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(decompressed.Read(buffer));



    private int Count(int n)
    {
        BytesProduced += n;
        if (BytesProduced > limits.MaxUncompressedBytes)
            throw new ArchiveProblemException($"{Who()} the archive expand to more than {Sizes.Format(limits.MaxUncompressedBytes)}, the most allowed");
        if (isCompressed && BytesProduced > limits.RatioGraceBytes
            && BytesProduced / Math.Max(1, compressed.BytesRead) > limits.MaxCompressionRatio)
            throw new ArchiveProblemException(
                $"{Who()} the archive expand more than {limits.MaxCompressionRatio} times ({Sizes.Format(compressed.BytesRead)} became {Sizes.Format(BytesProduced)}), like a compression bomb");
        return n;
    }

    private string Who() => Member() is { } member ? $"member \"{ArchivePath.Display(member)}\" makes" : "the data after the tar archive's end makes";

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
