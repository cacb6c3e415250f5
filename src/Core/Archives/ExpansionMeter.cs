using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Archives;

/// <summary>
/// Counts what an archive expands to, all members together, against the compressed bytes read so far
/// (<see cref="CountingStream"/>), and stops the read the moment either limit is crossed — while the
/// data streams, so a compression bomb costs at most the limit's worth of work, never its full size.
/// </summary>
internal sealed class ExpansionMeter(ArchiveLimits limits, CountingStream compressed, bool isCompressed)
{
    public long Produced { get; private set; }

    /// <summary>Bytes of the archive itself read so far.</summary>
    public long CompressedRead => compressed.BytesRead;

    /// <summary>The member being read, for the message.</summary>
    public Func<string?> Member { get; set; } = () => null;

    public int Count(int n)
    {
        Produced += n;
        if (Produced > limits.MaxExpandedBytes)
            throw new ArchiveProblemException(
                $"{Who()} the archive expand to more than {Sizes.Format(limits.MaxExpandedBytes)}, the most allowed (Uploads:Archives:MaxExpandedBytes)");
        if (isCompressed && Produced > limits.RatioGraceBytes && Produced / Math.Max(1, compressed.BytesRead) > limits.MaxExpansionRatio)
            throw new ArchiveProblemException(
                $"{Who()} the archive expand more than {limits.MaxExpansionRatio} times ({Sizes.Format(compressed.BytesRead)} became {Sizes.Format(Produced)}), " +
                "like a compression bomb (Uploads:Archives:MaxExpansionRatio)");
        return n;
    }

    /// <summary>True once the upload itself (the object store) failed to read, as opposed to its data being bad.</summary>
    public bool SourceFailed => compressed.Failed;

    /// <summary>A decoder's error, said as damaged data in the member being read.</summary>
    public ArchiveProblemException Damaged(Exception decoderError) => new(Member() is { } member
        ? $"the compressed data is damaged in member \"{ArchivePath.Display(member)}\" ({decoderError.Message})"
        : $"the compressed data is damaged ({decoderError.Message})");

    private string Who() => Member() is { } member ? $"member \"{ArchivePath.Display(member)}\" makes" : "the data makes";
}

/// <summary>A decompressed stream whose every read goes through an <see cref="ExpansionMeter"/>.</summary>
internal sealed class MeteredReadStream(Stream inner, ExpansionMeter meter) : SyncReadStream
{
    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (Exception e) when (e is not (ArchiveProblemException or OperationCanceledException) && !meter.SourceFailed)
        {
            throw meter.Damaged(e);
        }
        return meter.Count(n);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
