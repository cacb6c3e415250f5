namespace Crashdesk.Analysis.Decompression;

/// <summary>The names users know the page compressions by (makedumpfile's -c, -l, -p, -z).</summary>
public static class PageCompressionNames
{
    /// <summary>"zlib", "lzo", "snappy", "zstd" or "uncompressed".</summary>
    public static string Of(PageCompression compression) => compression switch
    {
        PageCompression.Zlib => "zlib",
        PageCompression.Lzo => "lzo",
        PageCompression.Snappy => "snappy",
        PageCompression.Zstd => "zstd",
        _ => "uncompressed",
    };
}
