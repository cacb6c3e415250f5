namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>Small helpers for a collected command's text.</summary>
internal static class CommandOutput
{
    /// <summary>The lines, without line ends and trailing blanks; empty lines kept (their positions matter to some formats).</summary>
    public static List<string> Lines(string text)
    {
        var lines = new List<string>();
        foreach (var line in text.AsSpan().EnumerateLines())
            lines.Add(line.TrimEnd().ToString());
        return lines;
    }

    /// <summary>The first non-blank line, trimmed, or null.</summary>
    public static string? FirstLine(string text) => Lines(text).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);

    /// <summary>The last non-blank line, trimmed, or null.</summary>
    public static string? LastLine(string text) => Lines(text).Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);

    /// <summary>"Key: value" lines (lscpu, sestatus, meminfo): the first value of each key; keys trimmed (lscpu indents sub-sections).</summary>
    public static Dictionary<string, string> KeyValues(string text, char separator = ':')
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in Lines(text))
        {
            int at = line.IndexOf(separator);
            if (at <= 0)
                continue;
            values.TryAdd(line[..at].Trim(), line[(at + 1)..].Trim());
        }
        return values;
    }

    /// <summary>Shortens a line quoted in a gap's reason.</summary>
    public static string Quote(string line) => line.Length <= 200 ? line : line[..200] + "…";
}
