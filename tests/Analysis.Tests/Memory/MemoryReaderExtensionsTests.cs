using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Tests.Builders;

namespace Crashdesk.Analysis.Tests.Memory;

/// <summary>The little-endian reads and C strings every reader builds on, over a memory with holes.</summary>
public sealed class MemoryReaderExtensionsTests
{
    private static FakeMemory Memory()
    {
        var memory = new FakeMemory();
        memory.Place(0x1000, [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, (byte)'s', (byte)'h', 0, (byte)'x']);
        memory.Place(0x2000, [(byte)'c', (byte)'u', (byte)'t']);
        return memory;
    }

    [Fact]
    public void Integers_are_little_endian_and_a_missing_byte_is_an_error_that_names_the_read()
    {
        var memory = Memory();

        Assert.Equal(0x1122334455667788UL, memory.ReadU64(0x1000));
        Assert.Equal(0x55667788U, memory.ReadU32(0x1000));
        Assert.Equal((ushort)0x7788, memory.ReadU16(0x1000));
        Assert.True(memory.TryReadU32(0x1004, out uint high));
        Assert.Equal(0x11223344U, high);
        // The region ends 4 bytes after 0x1008: an 8-byte read there is short.
        Assert.False(memory.TryReadU64(0x1008, out _));
        var e = Assert.Throws<MemoryNotPresentException>(() => memory.ReadU64(0x1008, "task_struct.pid"));
        Assert.Contains("task_struct.pid", e.Message);
    }

    [Fact]
    public void A_c_string_ends_at_its_nul_at_the_limit_or_at_the_first_missing_byte()
    {
        var memory = Memory();

        Assert.Equal("sh", memory.ReadCString(0x1008));
        Assert.Equal("s", memory.ReadCString(0x1008, maxLength: 1));
        Assert.Equal("cut", memory.ReadCString(0x2000));
        Assert.Null(memory.ReadCString(0x3000));
    }
}
