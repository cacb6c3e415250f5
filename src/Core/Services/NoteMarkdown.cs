using Ganss.Xss;
using Markdig;

namespace Crashdesk.Core.Services;

/// <summary>
/// A note's Markdown as HTML that is safe to put in a page: Markdig with raw HTML disabled (a
/// <c>&lt;script&gt;</c> in the text stays text), then HtmlSanitizer over what Markdig made (links
/// only to http, https and mailto, so a <c>javascript:</c> link loses its href; no event handlers,
/// no styles). Both, because either alone has had bypasses.
/// </summary>
public static class NoteMarkdown
{
    private static readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoLinks()
        .UseTaskLists()
        .UseEmphasisExtras()
        .DisableHtml()
        .Build();

    private static readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public static string ToHtml(string markdown) => _sanitizer.Sanitize(Markdown.ToHtml(markdown, _pipeline));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" })
            sanitizer.AllowedSchemes.Add(scheme);
        sanitizer.AllowedAttributes.Remove("style");
        // No images (a note must not make a reader's browser fetch anything) and no forms; inputs
        // stay only as the disabled checkboxes of task lists (checked below).
        foreach (var tag in new[] { "img", "form", "button", "select", "textarea", "option", "optgroup", "label", "fieldset", "legend" })
            sanitizer.AllowedTags.Remove(tag);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
                link.SetAttribute("target", "_blank");
            }
            if (e.Node is AngleSharp.Dom.IElement { TagName: "INPUT" } input
                && (input.GetAttribute("type") != "checkbox" || !input.HasAttribute("disabled")))
                input.Remove();
        };
        return sanitizer;
    }
}
