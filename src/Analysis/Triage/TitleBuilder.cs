using System.Text;
using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Builds a report title from its pattern: header groups are normalised (addresses → ADDR, line numbers
/// → LINE, `func+0x1/0x2` → func, numbers → NUM, fuzzer process numbers dropped), the guilty function
/// is inserted as is, and the result is capped at 120 printable characters.
/// </summary>
internal static partial class TitleBuilder
{
    [GeneratedRegex(@"syz-executor\.?[0-9]+(?:[/:][0-9]+)?")]
    private static partial Regex Executor();

    [GeneratedRegex(@"([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,}")]
    private static partial Regex Address();

    [GeneratedRegex(@"([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})")]
    private static partial Regex Ip();

    [GeneratedRegex(@"(\.\w+)(:[0-9]+)+")]
    private static partial Regex FileLine();

    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9_.]+)\+0x[0-9a-z]+/0x[0-9a-z]+")]
    private static partial Regex FuncOffset();

    [GeneratedRegex(@"CPU#[0-9]+")]
    private static partial Regex CpuNumber();

    [GeneratedRegex(@"(\W)(\d+)(\W|$)")]
    private static partial Regex Number();

    [GeneratedRegex(@"\{(\d|func|access)\}")]
    private static partial Regex Placeholder();

    private const int MaxTitle = 120;

    /// <summary>Fills the pattern's title template.</summary>
    public static string Build(string template, Match header, string? guilty, string? access)
    {
        string title = Placeholder().Replace(template, p => p.Groups[1].Value switch
        {
            "func" => guilty ?? "corrupted",
            "access" => access ?? "",
            var n => Normalise(header.Groups[int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)].Value),
        });
        return Clean(title);
    }

    /// <summary>Replaces what varies between occurrences of one bug (addresses, numbers, line numbers).</summary>
    public static string Normalise(string s)
    {
        s = Executor().Replace(s, "syz-executor");
        s = Address().Replace(s, "${1}ADDR");
        s = Ip().Replace(s, "IP");
        s = FileLine().Replace(s, "${1}:LINE");
        s = FuncOffset().Replace(s, "${1}");
        s = CpuNumber().Replace(s, "CPU");
        for (int guard = 0; guard < 8; guard++)
        {
            string next = Number().Replace(s, "${1}NUM${3}");
            if (next == s)
                break;
            s = next;
        }
        return s;
    }

    private static string Clean(string title)
    {
        var sb = new StringBuilder(Math.Min(title.Length, MaxTitle));
        char prev = ' ';
        foreach (char c in title)
        {
            if (sb.Length >= MaxTitle)
                break;
            char ch = c == '\t' ? ' ' : c;
            if (ch < 0x20 || ch >= 0x7f || ch == ' ' && prev == ' ')
                continue;
            sb.Append(ch);
            prev = ch;
        }
        return sb.ToString().Trim();
    }
}
