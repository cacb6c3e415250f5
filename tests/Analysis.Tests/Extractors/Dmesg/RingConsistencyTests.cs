using System.Buffers.Binary;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Tests.Builders;

namespace Crashdesk.Analysis.Tests.Extractors.Dmesg;

/// <summary>
/// Records that do not add up are said, not passed off as the whole log: a ring whose sequence
/// numbers skip, whose descriptors between committed records are unfinished, or whose text block
/// is larger than the data ring. The rings are laid out by <see cref="PrintkRingBufferBuilder"/>
/// as a 6.1 kernel writes them, then one value is changed.
/// </summary>
public sealed class RingConsistencyTests
{
    private const ulong Descs = 0xffffffff89200000, Infos = 0xffffffff89300000;

    private static (FakeMemory Memory, Crashdesk.Analysis.Kernel.VmcoreInfo Info) Ring()
    {
        var b = new PrintkRingBufferBuilder(countBits: 5, sizeBits: 12, firstId: 0);
        for (int i = 0; i < 20; i++)
            b.Write((ulong)i * 1_000_000, $"record {i}");
        var memory = new FakeMemory();
        return (memory, b.Place(memory));
    }

    private static void Patch(FakeMemory memory, ulong region, int size, Action<byte[]> change)
    {
        byte[] bytes = new byte[size];
        memory.Read(region, bytes);
        change(bytes);
        memory.Place(region, bytes);
    }

    [Fact]
    public void An_intact_ring_has_no_warning()
    {
        var (memory, info) = Ring();
        var log = KernelLogExtractor.Extract(memory, info);
        Assert.Equal(20, log.Records.Count);
        Assert.True(log.IsComplete);
    }

    [Fact]
    public void Sequence_numbers_that_skip_are_warned_about()
    {
        var (memory, info) = Ring();
        Patch(memory, Infos, 32 * 88, b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(7 * 88), 12));
        var log = KernelLogExtractor.Extract(memory, info);
        var w = Assert.Single(log.Warnings);
        Assert.Contains("sequence numbers do not follow", w);
        Assert.Contains("record 8 has seq 12 where 7 follows", w);
    }

    [Fact]
    public void Sequence_numbers_that_go_backwards_are_warned_about()
    {
        var (memory, info) = Ring();
        Patch(memory, Infos, 32 * 88, b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(7 * 88), 2));
        Assert.Contains(KernelLogExtractor.Extract(memory, info).Warnings, w => w.Contains("backwards", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unfinished_descriptor_between_committed_records_is_warned_about()
    {
        var (memory, info) = Ring();
        // Descriptor 9 back to reserved (state 0): its record is not printed, and that is said.
        Patch(memory, Descs, 32 * 24, b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(9 * 24), 9));
        var log = KernelLogExtractor.Extract(memory, info);
        Assert.Equal(19, log.Records.Count);
        Assert.Contains(log.Warnings, w => w.StartsWith("1 descriptors between committed records are not committed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_text_block_larger_than_the_data_ring_is_warned_about()
    {
        var (memory, info) = Ring();
        Patch(memory, Descs, 32 * 24, b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(4 * 24 + 16),
            BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(4 * 24 + 8)) + 3 * 4096 + 24));
        Assert.Contains(KernelLogExtractor.Extract(memory, info).Warnings, w => w.Contains("text blocks outside the text data ring", StringComparison.Ordinal));
    }
}
