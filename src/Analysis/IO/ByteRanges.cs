namespace Crashdesk.Analysis.IO;

/// <summary>A set of byte ranges of a file, kept sorted and merged (touching or overlapping ranges are one).</summary>
public sealed class ByteRanges
{
    private readonly List<(long Offset, long Length)> _ranges = [];

    /// <summary>The ranges in offset order, none touching another.</summary>
    public IReadOnlyList<(long Offset, long Length)> Ranges => _ranges;

    /// <summary>Bytes covered.</summary>
    public long Total => _ranges.Sum(r => r.Length);

    /// <summary>Adds [offset, offset + length).</summary>
    public void Add(long offset, long length)
    {
        if (length <= 0)
            return;
        long start = offset, end = offset + length;
        // The first range that ends at or after the new start: everything before it stays.
        int i = _ranges.FindIndex(r => r.Offset + r.Length >= start);
        if (i < 0)
        {
            _ranges.Add((start, length));
            return;
        }
        int j = i;
        while (j < _ranges.Count && _ranges[j].Offset <= end)
        {
            start = Math.Min(start, _ranges[j].Offset);
            end = Math.Max(end, _ranges[j].Offset + _ranges[j].Length);
            j++;
        }
        _ranges.RemoveRange(i, j - i);
        _ranges.Insert(i, (start, end - start));
    }

    /// <summary>
    /// The ranges with gaps of at most <paramref name="gap"/> bytes filled and each widened to whole
    /// <paramref name="align"/>-byte blocks within [0, <paramref name="limit"/>): fewer, larger ranges.
    /// </summary>
    public ByteRanges Coalesced(long gap, long align, long limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        ArgumentOutOfRangeException.ThrowIfLessThan(align, 1);
        var result = new ByteRanges();
        long start = -1, end = -1;
        foreach (var (offset, length) in _ranges)
        {
            long s = offset / align * align;
            long e = Math.Min(limit, (offset + length + align - 1) / align * align);
            if (start >= 0 && s - end <= gap)
            {
                end = Math.Max(end, e);
                continue;
            }
            if (start >= 0)
                result.Add(start, end - start);
            (start, end) = (s, e);
        }
        if (start >= 0)
            result.Add(start, end - start);
        return result;
    }
}
