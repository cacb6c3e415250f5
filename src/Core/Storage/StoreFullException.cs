namespace Crashdesk.Core.Storage;

/// <summary>
/// The object store's disk had no room left for an upload (ENOSPC or a disk quota): nothing was kept, and the
/// objects stored before are untouched. The message names the uploader's file, never the store's path.
/// </summary>
public sealed class StoreFullException(string fileName, Exception inner)
    : Exception($"{fileName} could not be stored: no space left in the object store; nothing was kept. Free space on the store's disk, then upload it again.", inner)
{
    private const int NoSpace = 28;      // ENOSPC
    private const int QuotaExceeded = 122; // EDQUOT

    /// <summary>The file whose upload did not fit.</summary>
    public string FileName { get; } = fileName;

    /// <summary>Whether <paramref name="e"/> is the file system saying it is full (.NET's IOException carries the errno as its HResult on Unix).</summary>
    public static bool IsNoSpace(Exception e) =>
        e is IOException { HResult: NoSpace or QuotaExceeded } || (e is IOException && e.Message.Contains("No space left on device", StringComparison.Ordinal));
}
