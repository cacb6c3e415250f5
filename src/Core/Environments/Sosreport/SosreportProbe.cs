namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// What an upload's first bytes already prove is no sosreport (not a tar archive, or one compressed in
/// a way the reader does not take): refused before anything is stored, as a vmcore's first bytes are.
/// </summary>
public static class SosreportProbe
{
    /// <summary>The refusal naming <paramref name="fileName"/>, or null when the bytes may start a sosreport.</summary>
    public static string? Refuse(ReadOnlySpan<byte> head, string fileName) =>
        head.IsEmpty ? $"{fileName} is empty: not a sosreport" : ArchiveSniffer.Refusal(ArchiveSniffer.Detect(head), fileName);
}
