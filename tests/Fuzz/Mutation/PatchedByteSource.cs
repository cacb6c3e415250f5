using Crashdesk.Analysis.IO;

namespace Crashdesk.Fuzz.Mutation;

/// <summary>
/// A dump file as the mutated input sees it: the seed's bytes, cut or extended to <see cref="Length"/>,
/// with patches written over them. Nothing is copied, so a 55 MiB seed costs no memory or disk per input.
/// </summary>
public sealed class PatchedByteSource(ReadOnlyMemory<byte> seed, IReadOnlyList<Patch> patches, long length, string name) : IByteSource
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public long Length { get; } = length;

    /// <inheritdoc />
    public int Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset >= Length)
            return 0;
        int n = (int)Math.Min(destination.Length, Length - offset);
        var dest = destination[..n];
        int fromSeed = (int)Math.Clamp(seed.Length - offset, 0, n);
        if (fromSeed > 0)
            seed.Span.Slice((int)offset, fromSeed).CopyTo(dest);
        dest[fromSeed..].Clear();
        foreach (var p in patches)
            p.ApplyTo((ulong)offset, dest);
        return n;
    }

    /// <summary>The whole input as bytes (for a findings file).</summary>
    public byte[] ToArray()
    {
        var all = new byte[Length];
        Read(0, all);
        return all;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
