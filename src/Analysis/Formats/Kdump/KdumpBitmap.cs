using System.Numerics;

namespace Crashdesk.Analysis.Formats.Kdump;

/// <summary>
/// One kdump bitmap (bit n = page frame n, least significant bit first, as makedumpfile's
/// set_bitmap() writes it) with a rank index: the page descriptors are stored one per set bit of
/// the second bitmap, in PFN order, so a page's descriptor is number rank(pfn).
/// </summary>
internal sealed class KdumpBitmap
{
    private const int WordsPerBlock = 64;
    private readonly ulong[] _words;
    private readonly long[] _blockRank;

    public KdumpBitmap(ReadOnlySpan<byte> bytes, ulong bits)
    {
        BitCount = Math.Min(bits, (ulong)bytes.Length * 8);
        _words = new ulong[(bytes.Length + 7) / 8];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes[..(bytes.Length / 8 * 8)]).CopyTo(_words);
        for (int i = bytes.Length / 8 * 8; i < bytes.Length; i++)
            _words[i / 8] |= (ulong)bytes[i] << (8 * (i % 8));
        // Bits at or beyond max_mapnr do not describe pages.
        ulong lastWord = BitCount / 64;
        if (lastWord < (ulong)_words.Length)
        {
            _words[lastWord] &= (1UL << (int)(BitCount % 64)) - 1;
            Array.Clear(_words, (int)lastWord + 1, _words.Length - (int)lastWord - 1);
        }
        _blockRank = new long[_words.Length / WordsPerBlock + 1];
        long running = 0;
        for (int w = 0; w < _words.Length; w++)
        {
            if (w % WordsPerBlock == 0)
                _blockRank[w / WordsPerBlock] = running;
            running += BitOperations.PopCount(_words[w]);
        }
        SetBits = running;
    }

    /// <summary>Bits that describe pages (max_mapnr, clipped to the bitmap's size).</summary>
    public ulong BitCount { get; }

    /// <summary>Number of set bits.</summary>
    public long SetBits { get; }

    public bool IsSet(ulong pfn) => pfn < BitCount && (_words[pfn >> 6] & (1UL << (int)(pfn & 63))) != 0;

    /// <summary>Number of set bits below <paramref name="pfn"/>.</summary>
    public long Rank(ulong pfn)
    {
        int word = (int)(pfn >> 6);
        long r = _blockRank[word / WordsPerBlock];
        for (int w = word / WordsPerBlock * WordsPerBlock; w < word; w++)
            r += BitOperations.PopCount(_words[w]);
        return r + BitOperations.PopCount(_words[word] & ((1UL << (int)(pfn & 63)) - 1));
    }

    /// <summary>Number of bits set here and clear in <paramref name="other"/>.</summary>
    public long CountAndNot(KdumpBitmap other)
    {
        long n = 0;
        for (int w = 0; w < _words.Length; w++)
            n += BitOperations.PopCount(_words[w] & ~(w < other._words.Length ? other._words[w] : 0));
        return n;
    }

    /// <summary>The highest set bit, or null.</summary>
    public ulong? LastSet()
    {
        for (int w = _words.Length - 1; w >= 0; w--)
        {
            if (_words[w] != 0)
                return (ulong)w * 64 + 63 - (ulong)BitOperations.LeadingZeroCount(_words[w]);
        }
        return null;
    }
}
