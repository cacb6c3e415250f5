using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.KnownIssues;

/// <summary>What a known issue may hold: a title, http(s) links, fixed-in entries that parse, bounded texts.</summary>
internal static class KnownIssueRules
{
    public sealed record Valid(string Title, IReadOnlyList<string> Links, IReadOnlyList<string> FixedIn, string Workaround, string CaptureAdvice);

    public static Valid Validate(KnownIssueInput input)
    {
        string title = CaseFields.Required("title", input.Title, KnownIssue.TitleMax);
        var links = Clean(input.Links);
        if (links.Count > KnownIssue.MaxLinks)
            throw new ValidationException("links", $"at most {KnownIssue.MaxLinks} links");
        foreach (var link in links)
            if (link.Length > KnownIssue.LinkMax || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new ValidationException("links", $"'{Short(link)}' is no http(s) address");
        var fixedIn = Clean(input.FixedIn);
        if (fixedIn.Count > KnownIssue.MaxFixedIn)
            throw new ValidationException("fixedIn", $"at most {KnownIssue.MaxFixedIn} fixed-in versions");
        foreach (var text in fixedIn)
        {
            if (text.Length > KnownIssue.FixedInMax)
                throw new ValidationException("fixedIn", $"'{Short(text)}' is longer than {KnownIssue.FixedInMax} characters");
            if (!FixedInEntry.TryParse(text, out _, out string? error))
                throw new ValidationException("fixedIn", error);
        }
        return new Valid(title, links, fixedIn, Text("workaround", input.Workaround), Text("captureAdvice", input.CaptureAdvice));
    }

    private static List<string> Clean(IReadOnlyList<string>? values) =>
        values is null ? [] : [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal)];

    private static string Text(string field, string? value)
    {
        value = value?.Trim() ?? "";
        return value.Length <= KnownIssue.TextMax ? value : throw new ValidationException(field, $"longer than {KnownIssue.TextMax} characters");
    }

    private static string Short(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
