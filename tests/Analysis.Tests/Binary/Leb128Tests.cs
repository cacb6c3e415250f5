using Crashdesk.Analysis.Binary;

namespace Crashdesk.Analysis.Tests.Binary;

/// <summary>LEB128 against the examples of DWARF 5 §7.6 (tables 7.7 and 7.8) and its failure cases.</summary>
public class Leb128Tests
{
    [Theory]
    [InlineData(new byte[] { 2 }, 2UL)]
    [InlineData(new byte[] { 127 }, 127UL)]
    [InlineData(new byte[] { 0x80, 1 }, 128UL)]
    [InlineData(new byte[] { 0x81, 1 }, 129UL)]
    [InlineData(new byte[] { 0x82, 1 }, 130UL)]
    [InlineData(new byte[] { 0xb9, 100 }, 12857UL)]
    [InlineData(new byte[] { 0x80, 0x80, 0x00 }, 0UL)] // padded
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 }, ulong.MaxValue)]
    public void Decodes_unsigned(byte[] encoded, ulong expected)
    {
        Assert.Equal(encoded.Length, Leb128.DecodeUnsigned(encoded, 0, out ulong value));
        Assert.Equal(expected, value);
        int position = 0;
        Assert.Equal(expected, Leb128.ReadUnsigned(encoded, ref position));
        Assert.Equal(encoded.Length, position);
    }

    [Theory]
    [InlineData(new byte[] { 2 }, 2L)]
    [InlineData(new byte[] { 0x7e }, -2L)]
    [InlineData(new byte[] { 0xff, 0 }, 127L)]
    [InlineData(new byte[] { 0x81, 0x7f }, -127L)]
    [InlineData(new byte[] { 0x80, 1 }, 128L)]
    [InlineData(new byte[] { 0x80, 0x7f }, -128L)]
    [InlineData(new byte[] { 0x81, 1 }, 129L)]
    [InlineData(new byte[] { 0xff, 0x7e }, -129L)]
    public void Decodes_signed(byte[] encoded, long expected)
    {
        Assert.Equal(encoded.Length, Leb128.DecodeSigned(encoded, 0, out long value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Decodes_at_a_position_inside_the_data()
    {
        byte[] data = [0xaa, 0xe5, 0x8e, 0x26, 0xbb];
        Assert.Equal(3, Leb128.DecodeUnsigned(data, 1, out ulong value));
        Assert.Equal(624485UL, value);
    }

    [Fact]
    public void Reports_truncation_and_overflow_without_throwing()
    {
        Assert.Equal(Leb128.Truncated, Leb128.DecodeUnsigned([0x80, 0x80], 0, out _));
        Assert.Equal(Leb128.Truncated, Leb128.DecodeUnsigned([1], 1, out _));
        Assert.Equal(Leb128.Truncated, Leb128.DecodeSigned([0xff], 0, out _));
        byte[] tooBig = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        Assert.Equal(Leb128.Overflow, Leb128.DecodeUnsigned(tooBig, 0, out _));
        int position = 0;
        Assert.Throws<ArgumentOutOfRangeException>(() => Leb128.ReadUnsigned(tooBig, ref position));
        Assert.Throws<ArgumentOutOfRangeException>(() => Leb128.ReadSigned([0x80], ref position));
    }
}
