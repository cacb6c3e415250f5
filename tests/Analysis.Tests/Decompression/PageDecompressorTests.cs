using System.IO.Compression;
using Crashdesk.Analysis.Decompression;

namespace Crashdesk.Analysis.Tests.Decompression;

/// <summary>A corrupt page says what is wrong with it in zlib's terms, not the BCL's archive wording.</summary>
public sealed class PageDecompressorTests
{
    private static byte[] ZlibPage(byte fill)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(Enumerable.Repeat(fill, 4096).ToArray());
        return ms.ToArray();
    }

    [Fact]
    public void A_good_zlib_page_decompresses()
    {
        var page = new byte[4096];
        PageDecompressor.Decompress(PageCompression.Zlib, ZlibPage(7), page);
        Assert.All(page, b => Assert.Equal(7, b));
    }

    [Fact]
    public void A_zlib_page_with_a_wrong_method_names_the_method()
    {
        byte[] data = ZlibPage(7);
        data[0] = 0x7a; // CMF: method 10, not deflate (8) — the BCL calls it "an unsupported compression method" of an "archive entry"
        var e = Assert.Throws<InvalidDataException>(() => PageDecompressor.Decompress(PageCompression.Zlib, data, new byte[4096]));
        Assert.Equal("not a zlib stream (its header byte 0x7a names compression method 10, zlib's deflate is 8)", e.Message);
    }

    [Fact]
    public void A_zlib_page_with_corrupt_deflate_data_says_so()
    {
        byte[] data = ZlibPage(7);
        for (int i = 2; i < data.Length; i++)
            data[i] ^= 0x5a;
        var e = Assert.Throws<InvalidDataException>(() => PageDecompressor.Decompress(PageCompression.Zlib, data, new byte[4096]));
        Assert.DoesNotContain("archive", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
