using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Formats;

/// <summary>
/// Says why memory is missing when the reason is known: a read that found no page in a file the
/// readers found shorter than its headers say (<see cref="DumpFileInfo.Truncated"/>) failed because
/// the file was cut, which "is not in the dump" alone leaves the user to guess.
/// </summary>
public static class TruncationNote
{
    /// <summary>The sentence appended to a missing-memory message of a truncated dump.</summary>
    public const string Text = "the dump file is truncated (it ends before the data its headers describe), so this memory was in the part that is missing";

    /// <summary><paramref name="e"/>'s message, with <see cref="Text"/> when it is missing memory of a truncated dump.</summary>
    public static string Explain(Exception e, DumpFileInfo? info)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e is MemoryNotPresentException && info is { Truncated: true } ? $"{e.Message}: {Text}" : e.Message;
    }

    /// <summary>A sentence saying some memory "is/are not in the dump", with <see cref="Text"/> when the dump is truncated.</summary>
    public static string Explain(string notInDumpMessage, DumpFileInfo? info)
    {
        ArgumentNullException.ThrowIfNull(notInDumpMessage);
        return info is { Truncated: true } ? $"{notInDumpMessage}: {Text}" : notInDumpMessage;
    }
}
