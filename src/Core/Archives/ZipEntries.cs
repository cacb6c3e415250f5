using Crashdesk.Core.Environments.Sosreport;
using SharpCompress.Readers;
using SharpCompress.Readers.Zip;

namespace Crashdesk.Core.Archives;

/// <summary>
/// A zip archive's members, read forward from the local headers (SharpCompress's ZipReader: the
/// streaming reader, no central directory, so no seek). Each member's data is decompressed through the
/// <see cref="ExpansionMeter"/>, which counts all members together.
/// </summary>
internal sealed class ZipEntries(Stream archive, ExpansionMeter meter) : IArchiveEntries
{
    // The unix mode sits in the high 16 bits of a zip entry's external attributes when "version made by" is
    // unix (APPNOTE.TXT 4.4.15; Info-ZIP writes it so): S_IFMT 0xF000, S_IFLNK 0xA000, S_IFREG 0x8000, S_IFDIR 0x4000.
    private const int FileTypeMask = 0xF000, SymbolicLinkType = 0xA000, RegularType = 0x8000, DirectoryType = 0x4000;

    private readonly IReader _reader = ZipReader.OpenReader(archive, new ReaderOptions { LeaveStreamOpen = true });

    public string? CurrentName { get; private set; }

    public ArchiveEntry? Next()
    {
        bool more;
        try
        {
            more = _reader.MoveToNextEntry();
        }
        catch (Exception e) when (e is not (ArchiveProblemException or OperationCanceledException))
        {
            throw new ArchiveProblemException($"the zip archive is damaged {After()} ({e.Message})");
        }
        if (!more)
            return null;
        var entry = _reader.Entry;
        CurrentName = entry.Key ?? "";
        int mode = (entry.Attrib ?? 0) >>> 16 & FileTypeMask;
        var type = entry.IsDirectory || mode == DirectoryType ? ArchiveEntryType.Directory
            : mode == SymbolicLinkType ? ArchiveEntryType.SymbolicLink
            : mode is 0 or RegularType ? ArchiveEntryType.File
            : ArchiveEntryType.Special;
        return new ArchiveEntry(CurrentName, type, entry.LinkTarget);
    }

    public Stream OpenData() => new MeteredReadStream(new ZipData(_reader.OpenEntryStream(), CurrentName ?? ""), meter);

    public void Finish() { }

    public void Dispose() => _reader.Dispose();

    private string After() => CurrentName is null ? "at its start" : $"after member \"{ArchivePath.Display(CurrentName)}\"";

    /// <summary>The entry's stream, its decoder's errors said as a damaged member.</summary>
    private sealed class ZipData(Stream inner, string name) : SyncReadStream
    {
        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (Exception e) when (e is not (ArchiveProblemException or OperationCanceledException))
            {
                throw new ArchiveProblemException($"member \"{ArchivePath.Display(name)}\" of the zip archive is damaged ({e.Message})");
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
