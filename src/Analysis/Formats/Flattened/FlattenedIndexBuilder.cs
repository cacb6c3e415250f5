namespace Crashdesk.Analysis.Formats.Flattened;

/// <summary>
/// Turns the records of a flattened stream, in stream order, into sorted non-overlapping extents.
/// makedumpfile -R replays the records as seek+write, so where records overlap the later one wins
/// (makedumpfile.c, rearrange_dumpdata()).
/// </summary>
internal static class FlattenedIndexBuilder
{
    public static FlattenedExtent[] Build(List<FlattenedExtent> records)
    {
        var sorted = records.ToArray();
        // Stable sort by logical offset keeps stream order for equal starts.
        var order = Enumerable.Range(0, sorted.Length).OrderBy(i => sorted[i].LogicalOffset).ThenBy(i => i).ToArray();
        bool overlaps = false;
        for (int k = 1; k < order.Length; k++)
        {
            if (sorted[order[k]].LogicalOffset < sorted[order[k - 1]].LogicalEnd)
            {
                overlaps = true;
                break;
            }
        }
        if (!overlaps)
            return order.Select(i => sorted[i]).ToArray();
        return Sweep(sorted, order);
    }

    /// <summary>Elementary-interval sweep: each piece takes the latest record covering it.</summary>
    private static FlattenedExtent[] Sweep(FlattenedExtent[] records, int[] byStart)
    {
        var bounds = records.SelectMany(r => new[] { r.LogicalOffset, r.LogicalEnd }).Distinct().Order().ToArray();
        var live = new PriorityQueue<int, int>();
        var result = new List<FlattenedExtent>();
        int next = 0;
        for (int b = 0; b + 1 < bounds.Length; b++)
        {
            long start = bounds[b];
            while (next < byStart.Length && records[byStart[next]].LogicalOffset <= start)
            {
                live.Enqueue(byStart[next], -byStart[next]);
                next++;
            }
            while (live.Count > 0 && records[live.Peek()].LogicalEnd <= start)
                live.Dequeue();
            if (live.Count == 0)
                continue;
            var top = records[live.Peek()];
            long length = bounds[b + 1] - start;
            long stream = top.StreamOffset + (start - top.LogicalOffset);
            if (result.Count > 0 && result[^1].LogicalEnd == start && result[^1].StreamOffset + result[^1].Length == stream)
                result[^1] = result[^1] with { Length = result[^1].Length + length };
            else
                result.Add(new FlattenedExtent(start, length, stream));
        }
        return result.ToArray();
    }
}
