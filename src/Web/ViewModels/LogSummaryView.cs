using Crashdesk.Analysis.Reports;

namespace Crashdesk.Web.ViewModels;

/// <summary>What the report summary shows of a text log the engine read.</summary>
/// <param name="Name">The file or object name.</param>
/// <param name="Bytes">The whole file's size.</param>
/// <param name="BytesRead">The bytes analysed.</param>
/// <param name="Truncated">Only part of the file was analysed (the size limit).</param>
/// <param name="Lines">Lines read.</param>
/// <param name="Encoding">How the bytes were decoded.</param>
/// <param name="KernelRelease">The release the oops header names, if any.</param>
public sealed record LogSummaryView(string Name, long Bytes, long BytesRead, bool Truncated, int Lines, string Encoding, string? KernelRelease)
{
    /// <summary>From the engine's record.</summary>
    public static LogSummaryView Of(LogSummary log) =>
        new(log.Name, log.Bytes, log.BytesRead, log.Truncated, log.Lines, log.Encoding, log.KernelRelease);
}
