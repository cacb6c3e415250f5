using Crashdesk.Core.Services;

namespace Crashdesk.Core.Tests.Services;

public sealed class NoteMarkdownTests
{
    /// <summary>Asserted on the parsed DOM: escaped text such as "&lt;script&gt;" is harmless and may stay.</summary>
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<div style=\"background:url(javascript:alert(1))\">x</div>")]
    [InlineData("![x](https://evil.example/track.png)")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("[x](vbscript:msgbox)")]
    [InlineData("<svg onload=alert(1)>")]
    public void Hostile_markdown_renders_inert(string markdown)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<body>" + NoteMarkdown.ToHtml(markdown) + "</body>");
        var elements = document.Body!.QuerySelectorAll("*");
        Assert.DoesNotContain(elements, e => e.LocalName is "script" or "img" or "iframe" or "svg" or "object" or "embed" or "style");
        Assert.DoesNotContain(elements, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Name == "style"));
        Assert.All(elements.Where(e => e.HasAttribute("href")), e =>
            Assert.Matches("^(https?|mailto):", e.GetAttribute("href")!));
    }

    [Fact]
    public void Ordinary_markdown_renders()
    {
        var html = NoteMarkdown.ToHtml("**bold** `rip` [bug](https://bugzilla.kernel.org/123)\n\n- [x] done\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        Assert.Contains("<strong>bold</strong>", html);
        Assert.Contains("<code>rip</code>", html);
        Assert.Contains("href=\"https://bugzilla.kernel.org/123\"", html);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html);
        Assert.Contains("<table>", html);
        Assert.Contains("type=\"checkbox\"", html);
    }
}
