namespace Crashdesk.Analysis.Decompression;

/// <summary>How one kdump page is stored (makedumpfile diskdump_mod.h, page_desc.flags).</summary>
public enum PageCompression
{
    /// <summary>Stored as is (its size equals the block size).</summary>
    None,

    /// <summary>DUMP_DH_COMPRESSED_ZLIB (0x1): zlib stream (compress2).</summary>
    Zlib,

    /// <summary>DUMP_DH_COMPRESSED_LZO (0x2): lzo1x.</summary>
    Lzo,

    /// <summary>DUMP_DH_COMPRESSED_SNAPPY (0x4): raw snappy.</summary>
    Snappy,

    /// <summary>DUMP_DH_COMPRESSED_ZSTD (0x20): one zstd frame.</summary>
    Zstd,
}
