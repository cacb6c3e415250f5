using Crashdesk.Analysis.Reports;

namespace Crashdesk.Web.ViewModels;

/// <summary>What the excerpt banner shows of a triage excerpt: the dump it stands for and how much of it came.</summary>
/// <param name="DumpFileName">The dump's file name on the customer's machine.</param>
/// <param name="DumpBytes">The whole dump's size.</param>
/// <param name="BytesPresent">The bytes the excerpt holds.</param>
public sealed record ExcerptView(string DumpFileName, long DumpBytes, long BytesPresent)
{
    /// <summary>From the engine's record (the page's only use of it).</summary>
    public static ExcerptView Of(ExcerptSummary excerpt) => new(excerpt.DumpFileName, excerpt.DumpBytes, excerpt.BytesPresent);
}
