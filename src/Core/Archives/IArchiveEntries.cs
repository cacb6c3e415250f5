namespace Crashdesk.Core.Archives;

/// <summary>
/// An archive read forward once: one member at a time, its data streamed, never a seek and never a file.
/// Moving to the next member skips what is left of the current one's data.
/// </summary>
internal interface IArchiveEntries : IDisposable
{
    /// <summary>The next member, or null at the archive's end.</summary>
    /// <exception cref="Environments.Sosreport.ArchiveProblemException">The archive is damaged or over a limit (the message names the member).</exception>
    ArchiveEntry? Next();

    /// <summary>The current member's data (synchronous reads; async reads complete synchronously).</summary>
    Stream OpenData();

    /// <summary>After the last member: reads to the end, so the decompressor checks what it has not handed out yet.</summary>
    void Finish();
}
