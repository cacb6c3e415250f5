namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// What <see cref="SosreportReader"/> accepts from an uploaded archive. Every number here is read from
/// the archive's own headers before any data is read, so a hostile archive is refused from its
/// header, not after the work. The defaults leave a wide margin over what sos writes and stay far
/// below what would hurt the service; tests scale them down to build small tar bombs.
/// </summary>
public sealed record SosreportLimits
{
    public static readonly SosreportLimits Default = new();

    /// <summary>
    /// Most members (files, directories, links) in one archive. A full <c>sos report</c> of a large
    /// host holds tens of thousands (most of them small files under <c>/proc</c> and <c>/sys</c>);
    /// 500 000 is ten times that, and bounds the link map and the per-member work.
    /// </summary>
    public int MaxEntries { get; init; } = 500_000;

    /// <summary>
    /// Largest size one member may declare. sos caps each collected set of logs at <c>--log-size</c>
    /// (25 MiB by default, sos-report(1)); even with <c>--all-logs</c> a single file beyond 2 GiB is
    /// not a log but a disk image or a sparse file (a 10 GB <c>lastlog</c>), which we refuse.
    /// </summary>
    public long MaxMemberBytes { get; init; } = 2L << 30;

    /// <summary>Largest sum of the members' declared sizes: 16 GiB, far beyond any real report (usually 10–500 MiB).</summary>
    public long MaxTotalBytes { get; init; } = 16L << 30;

    /// <summary>
    /// Most bytes kept in memory of one member the reader parses (<c>dpkg -l</c>, <c>sysctl -a</c>,
    /// <c>modinfo</c> of every module). The largest of them on a big host is a few MiB; a parsed member
    /// larger than this is not read at all (a gap says so), never read in part.
    /// </summary>
    public int MaxParsedMemberBytes { get; init; } = 32 << 20;

    /// <summary>
    /// Most bytes kept of all parsed members together. A real report's come to a few MiB (dpkg -l of
    /// 5 000 packages is about 1 MiB); an archive that repeats the parsed paths, or links many members
    /// to them, is refused before it can fill the memory.
    /// </summary>
    public long MaxParsedTotalBytes { get; init; } = 256L << 20;

    /// <summary>
    /// Most bytes the decompressor may produce in all (members, tar headers, padding): the total
    /// declared limit plus room for the 512-byte headers and padding of <see cref="MaxEntries"/> members.
    /// </summary>
    public long MaxUncompressedBytes { get; init; } = 17L << 30;

    /// <summary>
    /// Most uncompressed bytes per compressed byte read, once <see cref="RatioGraceBytes"/> have been
    /// produced. A real sosreport expands about 10× (text and small <c>/proc</c> files under xz); data
    /// made to expand (zeros) reaches 1 000× and more: this bounds the work an upload can cost.
    /// </summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>Uncompressed bytes before <see cref="MaxCompressionRatio"/> applies (small archives of tiny files expand more).</summary>
    public long RatioGraceBytes { get; init; } = 256L << 20;
}
