using Crashdesk.Core.Consoles;

namespace Crashdesk.Web.Consoles;

/// <summary>One run of a console command's output: plain text, or a link that runs <see cref="Command"/>.</summary>
public sealed record ConsoleSegment(string Text, string? Command);

/// <summary>
/// Cuts a command's output into text and links for the console panel. Links come from the worker's shell as
/// UTF-16 spans of the output; a span that overlaps the previous one or runs past the text (an output cut
/// by the cap) is dropped rather than shown wrong.
/// </summary>
public static class ConsoleSegments
{
    /// <summary>The output as segments, in order; their texts joined are the output.</summary>
    public static IReadOnlyList<ConsoleSegment> Of(string? text, IReadOnlyList<ConsoleLinkView> links)
    {
        if (string.IsNullOrEmpty(text))
            return [];
        var segments = new List<ConsoleSegment>();
        int at = 0;
        foreach (var link in links.OrderBy(l => l.Start))
        {
            if (link.Start < at || link.Length <= 0 || link.Start + link.Length > text.Length)
                continue;
            if (link.Start > at)
                segments.Add(new ConsoleSegment(text[at..link.Start], null));
            segments.Add(new ConsoleSegment(text.Substring(link.Start, link.Length), link.Command));
            at = link.Start + link.Length;
        }
        if (at < text.Length)
            segments.Add(new ConsoleSegment(text[at..], null));
        return segments;
    }

    /// <summary>What a Tab inserts: the longest prefix every candidate shares (bash and crash's readline do the same).</summary>
    public static string CommonPrefix(IReadOnlyList<string> candidates)
    {
        if (candidates.Count == 0)
            return "";
        string prefix = candidates[0];
        foreach (string candidate in candidates.Skip(1))
        {
            int n = 0;
            while (n < prefix.Length && n < candidate.Length && prefix[n] == candidate[n])
                n++;
            prefix = prefix[..n];
        }
        return prefix;
    }
}
