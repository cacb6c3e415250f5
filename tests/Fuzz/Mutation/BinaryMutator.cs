using System.Buffers.Binary;

namespace Crashdesk.Fuzz.Mutation;

/// <summary>A header field at a known position (offset, width in bytes, name), mutated to extreme values.</summary>
public readonly record struct Field(ulong At, int Width, string Name, bool BigEndian = false);

/// <summary>What one mutated input is: patches, a length (files only), holes (memory only), and what was done.</summary>
public sealed class MutationPlan
{
    public List<Patch> Patches { get; } = [];
    public List<Region> Holes { get; } = [];
    public List<string> Steps { get; } = [];
    public long Length { get; set; }

    public string Describe() => string.Join("; ", Steps);
}

/// <summary>
/// Mutations of binary input (a dump file, kernel memory, a section): truncation, bit flips, byte runs,
/// extreme values in known header fields and in aligned words where the clean run read, zeroed and
/// spliced pages, and (memory) holes. Deterministic for a given <see cref="Random"/>.
/// </summary>
public sealed class BinaryMutator(Random rng, IReadOnlyList<Region> regions, IReadOnlyList<Field> fields, Func<ulong, int, byte[]> readSeed)
{
    private const int Page = 4096;

    /// <summary>Extreme values for a field of <paramref name="width"/> bytes.</summary>
    private ulong Extreme(int width, long seedLength)
    {
        ulong max = width == 8 ? ulong.MaxValue : (1UL << (width * 8)) - 1;
        ulong[] pool = [0, 1, 2, max, max >> 1, (max >> 1) + 1, max - 1, 0x1000, 0xfff, (ulong)seedLength, (ulong)seedLength + 1, 0x7fff_ffff, 0x8000_0000, 0x1_0000_0000, 0xffff_8880_0000_0000, (ulong)rng.NextInt64()];
        return pool[rng.Next(pool.Length)] & max;
    }

    /// <summary>Builds a plan of 1–4 mutations; <paramref name="truncate"/> allows cutting a file.</summary>
    public MutationPlan Plan(long seedLength, bool truncate, bool holes)
    {
        var plan = new MutationPlan { Length = seedLength };
        int count = 1 + rng.Next(rng.Next(4) == 0 ? 8 : 3);
        for (int i = 0; i < count; i++)
        {
            int op = rng.Next(truncate || holes ? 8 : 7);
            switch (op)
            {
                case 0 or 1 when fields.Count > 0:
                    ExtremeField(plan, fields[rng.Next(fields.Count)], seedLength);
                    break;
                case 0 or 1 or 2:
                    ExtremeWord(plan, seedLength);
                    break;
                case 3:
                    BitFlips(plan);
                    break;
                case 4:
                    ByteRun(plan);
                    break;
                case 5:
                    ZeroPage(plan);
                    break;
                case 6:
                    SplicePage(plan);
                    break;
                default:
                    if (truncate)
                        Truncate(plan, seedLength);
                    else
                        Hole(plan);
                    break;
            }
        }
        return plan;
    }

    private Region PickRegion() => regions[rng.Next(regions.Count)];

    private ulong PickPoint(out Region r)
    {
        r = PickRegion();
        return r.Start + (ulong)rng.Next(Math.Max(1, r.Length));
    }

    private void ExtremeField(MutationPlan plan, Field f, long seedLength)
    {
        ulong v = Extreme(f.Width, seedLength);
        plan.Patches.Add(new Patch(f.At, Bytes(v, f.Width, f.BigEndian)));
        plan.Steps.Add($"{f.Name} (0x{f.At:x}, {f.Width} bytes) = 0x{v:x}");
    }

    private void ExtremeWord(MutationPlan plan, long seedLength)
    {
        int width = new[] { 2, 4, 8, 8 }[rng.Next(4)];
        ulong at = PickPoint(out var r) & ~(ulong)(width - 1);
        ulong v = Extreme(width, seedLength);
        bool be = rng.Next(8) == 0;
        plan.Patches.Add(new Patch(at, Bytes(v, width, be)));
        plan.Steps.Add($"{width}-byte word at 0x{at:x} ({r.What}) = 0x{v:x}{(be ? " big-endian" : "")}");
    }

    private void BitFlips(MutationPlan plan)
    {
        int flips = 1 + rng.Next(8);
        for (int k = 0; k < flips; k++)
        {
            ulong at = PickPoint(out _);
            byte[] b = readSeed(at, 1);
            if (b.Length == 0)
                continue;
            int bit = rng.Next(8);
            b[0] ^= (byte)(1 << bit);
            plan.Patches.Add(new Patch(at, b));
        }
        plan.Steps.Add($"{flips} bit flips");
    }

    private void ByteRun(MutationPlan plan)
    {
        ulong at = PickPoint(out var r);
        int len = 1 + rng.Next(rng.Next(4) == 0 ? 4096 : 64);
        byte[] values = [0x00, 0xff, 0x7f, 0x80, 0x41, (byte)rng.Next(256)];
        byte v = values[rng.Next(values.Length)];
        plan.Patches.Add(new Patch(at, Enumerable.Repeat(v, len).ToArray()));
        plan.Steps.Add($"{len} bytes of 0x{v:x2} at 0x{at:x} ({r.What})");
    }

    private void ZeroPage(MutationPlan plan)
    {
        ulong at = PickPoint(out var r) & ~(ulong)(Page - 1);
        plan.Patches.Add(new Patch(at, new byte[Page]));
        plan.Steps.Add($"zeroed page 0x{at:x} ({r.What})");
    }

    private void SplicePage(MutationPlan plan)
    {
        ulong to = PickPoint(out var r) & ~(ulong)(Page - 1);
        ulong from = PickPoint(out _) & ~(ulong)(Page - 1);
        if (from == to)
            from = rng.Next(2) == 0 || to < Page ? to + Page : to - Page;
        byte[] b = readSeed(from, Page);
        if (b.Length == 0)
            return;
        plan.Patches.Add(new Patch(to, b));
        plan.Steps.Add($"page 0x{from:x} spliced over 0x{to:x} ({r.What})");
    }

    private void Truncate(MutationPlan plan, long seedLength)
    {
        var r = PickRegion();
        long cut = rng.Next(3) switch
        {
            0 => (long)r.Start + rng.Next(-8, 9),
            1 => (long)r.End + rng.Next(-8, 9),
            _ => rng.NextInt64(0, Math.Max(1, seedLength)),
        };
        cut = Math.Clamp(cut, 0, seedLength);
        plan.Length = Math.Min(plan.Length, cut);
        plan.Steps.Add($"cut at {cut} bytes");
    }

    private void Hole(MutationPlan plan)
    {
        ulong at = PickPoint(out var r) & ~(ulong)(Page - 1);
        plan.Holes.Add(new Region(at, Page, r.What));
        plan.Steps.Add($"page 0x{at:x} ({r.What}) not in the dump");
    }

    /// <summary>Up to <paramref name="n"/> bytes of <paramref name="seed"/> from <paramref name="at"/> (fewer at its end).</summary>
    public static byte[] Slice(byte[] seed, ulong at, int n) =>
        at < (ulong)seed.Length ? seed.AsSpan((int)at, (int)Math.Min((ulong)n, (ulong)seed.Length - at)).ToArray() : [];

    internal static byte[] Bytes(ulong v, int width, bool bigEndian)
    {
        var b = new byte[8];
        if (bigEndian)
            BinaryPrimitives.WriteUInt64BigEndian(b, v << ((8 - width) * 8));
        else
            BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return b[..width];
    }
}
