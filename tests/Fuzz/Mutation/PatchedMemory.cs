using Crashdesk.Analysis.Memory;

namespace Crashdesk.Fuzz.Mutation;

/// <summary>
/// Kernel memory as the mutated input sees it: the seed dump's memory with patches written over it
/// and holes (ranges that read as not in the dump, as a filtered or truncated dump has them).
/// </summary>
public sealed class PatchedMemory(IMemoryReader inner, IReadOnlyList<Patch> patches, IReadOnlyList<Region> holes) : IMemoryReader
{
    /// <inheritdoc />
    public int Read(ulong address, Span<byte> destination)
    {
        int want = destination.Length;
        foreach (var h in holes)
        {
            if (h.Start <= address && address < h.End)
                return 0;
            if (h.Start > address && h.Start - address < (ulong)want)
                want = (int)(h.Start - address);
        }
        var dest = destination[..want];
        int n = inner.Read(address, dest);
        foreach (var p in patches)
            p.ApplyTo(address, dest[..n]);
        return n;
    }
}

/// <summary>Records what a clean run reads, so mutations go where the reader looks.</summary>
public sealed class RecordingMemory(IMemoryReader inner, string what) : IMemoryReader
{
    private readonly List<Region> _reads = [];

    /// <summary>Every read, in order, merged with its predecessor when contiguous.</summary>
    public IReadOnlyList<Region> Reads => _reads;

    /// <inheritdoc />
    public int Read(ulong address, Span<byte> destination)
    {
        int n = inner.Read(address, destination);
        if (n > 0)
            Mutation.Reads.Add(_reads, address, n, what);
        return n;
    }
}

/// <summary>Records the file ranges a clean open reads (headers, bitmaps, descriptors, pages).</summary>
public sealed class RecordingByteSource(Analysis.IO.IByteSource inner) : Analysis.IO.IByteSource
{
    private readonly List<Region> _reads = [];

    /// <summary>Every read, in order, merged with its predecessor when contiguous.</summary>
    public IReadOnlyList<Region> Reads => _reads;

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public long Length => inner.Length;

    /// <inheritdoc />
    public int Read(long offset, Span<byte> destination)
    {
        int n = inner.Read(offset, destination);
        if (n > 0)
            Mutation.Reads.Add(_reads, (ulong)offset, n, "file");
        return n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

internal static class Reads
{
    private const int MaxRegions = 20_000;

    public static void Add(List<Region> reads, ulong at, int n, string what)
    {
        if (reads.Count > 0 && reads[^1] is var last && last.End == at && last.Length + (long)n < 1 << 20)
            reads[^1] = last with { Length = last.Length + n };
        else if (reads.Count < MaxRegions)
            reads.Add(new Region(at, n, what));
    }
}
