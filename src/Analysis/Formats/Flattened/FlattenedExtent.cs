namespace Crashdesk.Analysis.Formats.Flattened;

/// <summary>One contiguous piece of the reassembled file and where its bytes sit in the stream.</summary>
internal readonly record struct FlattenedExtent(long LogicalOffset, long Length, long StreamOffset)
{
    public long LogicalEnd => LogicalOffset + Length;
}
