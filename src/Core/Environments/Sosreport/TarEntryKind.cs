namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>What a tar member is (POSIX ustar typeflag, pax(1) "ustar Header Block").</summary>
internal enum TarEntryKind
{
    /// <summary>'0', NUL (old tar), '7' (contiguous file), GNU 'S' (sparse file), or an unknown type (POSIX: read as a regular file).</summary>
    File,
    /// <summary>'5'.</summary>
    Directory,
    /// <summary>'2': the link name is relative to the link's own directory.</summary>
    SymbolicLink,
    /// <summary>'1': the link name is another member's path, from the archive's root.</summary>
    HardLink,
    /// <summary>'3', '4', '6': character and block devices, FIFOs (no data; sos never writes them).</summary>
    Special,
}
