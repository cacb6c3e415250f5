using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Archives;

/// <summary>
/// Which members are refused before any of their data is read: only regular files at a relative path
/// inside the archive are ever taken. Nothing is extracted by name (an artifact's object key comes from
/// BlobKeys, never from the member), but a name that climbs out or a link marks an archive made to attack
/// whoever unpacks it, so such members are refused — each on its own, with the reason — and never stored.
/// </summary>
internal static class MemberRules
{
    /// <summary>Why <paramref name="entry"/> is refused, or null when it may be taken.</summary>
    public static string? Refusal(ArchiveEntry entry)
    {
        // Zip names may use '\' (APPNOTE.TXT 4.4.17 says '/', but Windows tools write either): both separate here.
        string path = entry.Name.Replace('\\', '/');
        if (path.Length == 0)
            return "it has no name";
        if (path.StartsWith('/') || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
            return "an absolute path: members must be relative to the archive";
        if (path.Split('/').Contains(".."))
            return "its path climbs out of the archive (\"..\")";
        return entry.Type switch
        {
            ArchiveEntryType.SymbolicLink => $"a symbolic link{Target(entry)}: links are not followed",
            ArchiveEntryType.HardLink => $"a hard link{Target(entry)}: links are not followed",
            ArchiveEntryType.Special => "a device file or FIFO: only regular files are taken",
            _ when entry.IsSparse => "a sparse file: its holes are not expanded here",
            _ => null,
        };
    }

    /// <summary>The member's own name, the last component of its path ("var/crash/127.0.0.1-2026-12-01/vmcore" → "vmcore").</summary>
    public static string BaseName(string name)
    {
        string path = name.Replace('\\', '/').TrimEnd('/');
        int slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    private static string Target(ArchiveEntry entry) =>
        entry.LinkTarget is { Length: > 0 } target ? $" (to \"{ArchivePath.Display(target)}\")" : "";
}
