namespace Crashdesk.Fuzz.Mutation;

/// <summary>Bytes written over an input at <see cref="At"/> (a file offset or a kernel address).</summary>
public sealed record Patch(ulong At, byte[] Bytes)
{
    /// <summary>First position after the patch.</summary>
    public ulong End => At + (ulong)Bytes.Length;

    /// <summary>Copies the part of the patch that falls into [<paramref name="start"/>, start + destination.Length).</summary>
    public void ApplyTo(ulong start, Span<byte> destination)
    {
        ulong end = start + (ulong)destination.Length;
        if (End <= start || At >= end)
            return;
        ulong from = Math.Max(start, At), to = Math.Min(end, End);
        Bytes.AsSpan((int)(from - At), (int)(to - from)).CopyTo(destination[(int)(from - start)..]);
    }

    /// <summary>"0x1c8 (4 bytes: ffffffff)" for the findings file.</summary>
    public override string ToString() =>
        $"0x{At:x} ({Bytes.Length} bytes: {Convert.ToHexString(Bytes.AsSpan(0, Math.Min(Bytes.Length, 16))).ToLowerInvariant()}{(Bytes.Length > 16 ? "…" : "")})";
}

/// <summary>A range the clean run read (file offsets or kernel addresses): where mutations matter.</summary>
public readonly record struct Region(ulong Start, int Length, string What)
{
    /// <summary>First position after the region.</summary>
    public ulong End => Start + (ulong)Length;
}
