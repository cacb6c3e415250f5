namespace Crashdesk.Core.Archives;

/// <summary>One member of an archive as its header describes it, before any of its data is read.</summary>
/// <param name="Name">The path as the archive gives it (never used as a file path: only as metadata and in messages).</param>
/// <param name="Type">What it is.</param>
/// <param name="LinkTarget">A link's target as the archive gives it; null for other members.</param>
/// <param name="IsSparse">A sparse file (its data is a map of holes, not the file's bytes).</param>
internal sealed record ArchiveEntry(string Name, ArchiveEntryType Type, string? LinkTarget = null, bool IsSparse = false);

/// <summary>What a member is; only regular files are ever taken.</summary>
internal enum ArchiveEntryType
{
    File,
    Directory,
    SymbolicLink,
    HardLink,
    /// <summary>A character or block device, or a FIFO.</summary>
    Special,
}
