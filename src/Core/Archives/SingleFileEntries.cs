namespace Crashdesk.Core.Archives;

/// <summary>
/// A compressed file that holds no archive (vmcore.gz, vmcore.xz, vmcore.zst, vmcore.bz2): one member,
/// named after the upload without its compression suffix ("vmcore.xz" → "vmcore").
/// </summary>
internal sealed class SingleFileEntries(Stream decompressed, string name) : IArchiveEntries
{
    private static readonly string[] Suffixes = [".gz", ".xz", ".zst", ".zstd", ".bz2", ".z"];
    private bool _read;

    public ArchiveEntry? Next()
    {
        if (_read)
            return null;
        _read = true;
        return new ArchiveEntry(name, ArchiveEntryType.File);
    }

    /// <summary>Borrowed: disposing it leaves the decompressor to <see cref="Finish"/>.</summary>
    public Stream OpenData() => new Borrowed(decompressed);

    public void Finish()
    {
        // What the member's reader left (nothing, unless it stopped early) goes through the decoder's checks too.
        decompressed.CopyTo(Stream.Null);
    }

    public void Dispose() => decompressed.Dispose();

    /// <summary>The member's name: <paramref name="fileName"/> without its compression suffix, or "vmcore" when nothing is left.</summary>
    public static string MemberName(string fileName)
    {
        foreach (string suffix in Suffixes)
        {
            if (fileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && fileName.Length > suffix.Length)
                return fileName[..^suffix.Length];
        }
        return fileName;
    }

    private sealed class Borrowed(Stream inner) : SyncReadStream
    {
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
    }
}
