using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Archives;

/// <summary>
/// A tar archive's members through the service's own forward-only tar reader (the sosreport import's:
/// it tells symbolic from hard links, reads GNU sparse headers and names the member a damage is in).
/// </summary>
internal sealed class TarEntries(Stream decompressed, CancellationToken cancellationToken) : IArchiveEntries
{
    private readonly TarStreamReader _tar = new(decompressed, cancellationToken);

    public string? CurrentName => _tar.Current?.Name;

    public ArchiveEntry? Next()
    {
        var entry = _tar.Next();
        if (entry is null)
            return null;
        var type = entry.Kind switch
        {
            TarEntryKind.Directory => ArchiveEntryType.Directory,
            TarEntryKind.SymbolicLink => ArchiveEntryType.SymbolicLink,
            TarEntryKind.HardLink => ArchiveEntryType.HardLink,
            TarEntryKind.Special => ArchiveEntryType.Special,
            _ => ArchiveEntryType.File,
        };
        return new ArchiveEntry(entry.Name, type, entry.LinkTarget, entry.IsSparse);
    }

    public Stream OpenData() => new MemberData(_tar);

    public void Finish() => _tar.Drain();

    public void Dispose() => decompressed.Dispose();

    private sealed class MemberData(TarStreamReader tar) : SyncReadStream
    {
        public override int Read(Span<byte> buffer) => tar.ReadDataPart(buffer);
    }
}
