using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Crashdesk.Analysis.Tests.Builders;

/// <summary>
/// Writes a kdump-compressed file the way makedumpfile does (diskdump_mod.h: disk_dump_header in
/// block 0, kdump_sub_header in block 1 with the fields of its header_version, two bitmaps,
/// page_desc[] for each dumped page in PFN order, then page data; the zero page shared by one
/// descriptor; VMCOREINFO and notes placed after the data as makedumpfile's
/// write_kdump_header() records them).
/// </summary>
public sealed class KdumpFileBuilder
{
    public const int BlockSize = 4096;
    private readonly SortedDictionary<ulong, (byte[] Data, bool Compress)> _pages = new();
    private readonly HashSet<ulong> _excluded = new();

    public string Signature { get; init; } = "KDUMP   ";
    public int HeaderVersion { get; init; } = 6;
    public uint Status { get; init; } = 0x1; // DUMP_DH_COMPRESSED_ZLIB
    public string VmcoreInfo { get; init; } = "OSRELEASE=6.1.0-test\nPAGESIZE=4096\nCRASHTIME=1795306545\n";
    public byte[] Notes { get; init; } = [];
    public ulong MaxMapNr { get; init; } = 256;
    public int NrCpus { get; init; } = 2;
    public string Release { get; init; } = "6.1.0-test";

    /// <summary>Offsets of the page descriptor table and of the first page's data (for tests that cut the file).</summary>
    public long DescriptorOffset { get; private set; }
    public long DataOffset { get; private set; }

    public void Page(ulong pfn, byte[] data, bool compress = true) => _pages[pfn] = (data, compress);

    /// <summary>A page that existed but was filtered out (bit set in the first bitmap only).</summary>
    public void Excluded(ulong pfn) => _excluded.Add(pfn);

    public byte[] Build(Func<ulong, bool>? leaveDescriptorZero = null)
    {
        int bitmapBytes = (int)((MaxMapNr + 8 * BlockSize - 1) / (8 * BlockSize)) * BlockSize;
        int bitmapBlocks = 2 * bitmapBytes / BlockSize;
        int subBlocks = 1;
        var file = new MemoryStream();
        file.SetLength((1 + subBlocks + bitmapBlocks) * (long)BlockSize);
        byte[] bm1 = new byte[bitmapBytes], bm2 = new byte[bitmapBytes];
        foreach (var pfn in _pages.Keys.Concat(_excluded))
            bm1[pfn / 8] |= (byte)(1 << (int)(pfn % 8));
        foreach (var pfn in _pages.Keys)
            bm2[pfn / 8] |= (byte)(1 << (int)(pfn % 8));
        DescriptorOffset = (1 + subBlocks + bitmapBlocks) * (long)BlockSize;
        DataOffset = DescriptorOffset + _pages.Count * 24L;
        var descs = new MemoryStream();
        var data = new MemoryStream();
        (long Offset, uint Size, uint Flags)? zeroPage = null;
        foreach (var (pfn, (bytes, compress)) in _pages)
        {
            bool zero = bytes.All(b => b == 0);
            (long Offset, uint Size, uint Flags) pd;
            if (zero && zeroPage is { } shared)
            {
                pd = shared; // every zero page shares one block (makedumpfile's pd_zero)
            }
            else
            {
                byte[] stored = bytes;
                uint flags = 0;
                if (compress)
                {
                    var z = new MemoryStream();
                    using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true))
                        zs.Write(bytes);
                    if (z.Length < BlockSize)
                    {
                        stored = z.ToArray();
                        flags = 0x1; // DUMP_DH_COMPRESSED_ZLIB; else stored raw (size == block size)
                    }
                }
                pd = (DataOffset + data.Length, (uint)stored.Length, flags);
                data.Write(stored);
                if (zero)
                    zeroPage = pd;
            }
            var d = new byte[24];
            if (leaveDescriptorZero?.Invoke(pfn) != true)
            {
                BinaryPrimitives.WriteInt64LittleEndian(d, pd.Offset);
                BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(8), pd.Size);
                BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(12), pd.Flags);
            }
            descs.Write(d);
        }
        long vmcoreInfoOffset = DataOffset + data.Length;
        byte[] vi = Encoding.ASCII.GetBytes(VmcoreInfo);
        long noteOffset = vmcoreInfoOffset + vi.Length;

        var header = new byte[BlockSize];
        Encoding.ASCII.GetBytes(Signature).CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), HeaderVersion);
        Encoding.ASCII.GetBytes("Linux").CopyTo(header, 12);
        Encoding.ASCII.GetBytes("node").CopyTo(header, 12 + 65);
        Encoding.ASCII.GetBytes(Release).CopyTo(header, 12 + 130);
        Encoding.ASCII.GetBytes("x86_64").CopyTo(header, 12 + 260);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(408), 1795306545);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(424), Status);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(428), BlockSize);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(432), subBlocks);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(436), (uint)bitmapBlocks);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(440), (uint)MaxMapNr);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(460), NrCpus);
        var sub = new byte[BlockSize];
        BinaryPrimitives.WriteInt64LittleEndian(sub, 0x1000000);
        BinaryPrimitives.WriteInt32LittleEndian(sub.AsSpan(8), 31);
        if (HeaderVersion >= 3)
        {
            BinaryPrimitives.WriteInt64LittleEndian(sub.AsSpan(32), vmcoreInfoOffset);
            BinaryPrimitives.WriteInt64LittleEndian(sub.AsSpan(40), vi.Length);
        }
        if (HeaderVersion >= 4 && Notes.Length > 0)
        {
            BinaryPrimitives.WriteInt64LittleEndian(sub.AsSpan(48), noteOffset);
            BinaryPrimitives.WriteInt64LittleEndian(sub.AsSpan(56), Notes.Length);
        }
        if (HeaderVersion >= 6)
            BinaryPrimitives.WriteUInt64LittleEndian(sub.AsSpan(96), MaxMapNr);

        file.Position = 0;
        file.Write(header);
        file.Write(Signature == "KDUMP   " ? sub : new byte[BlockSize]);
        file.Write(bm1);
        file.Write(bm2);
        file.Write(descs.ToArray());
        file.Write(data.ToArray());
        file.Write(vi);
        file.Write(Notes);
        return file.ToArray();
    }

}
