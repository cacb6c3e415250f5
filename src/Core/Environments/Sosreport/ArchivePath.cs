using System.Text;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// Member paths and link targets, checked as an extracting tar would meet them: a path is a list of
/// components from the archive's root; "." and empty components are nothing; ".." steps up and may
/// never step above the root. Nothing is extracted, but a member that would land outside the archive
/// (or a link that would point outside it) marks an archive made to attack whoever unpacks it, and
/// the whole upload is refused.
/// </summary>
internal static class ArchivePath
{
    /// <summary>The normalised path ("a/b/c", "" for the root), or null when it climbs above the root.</summary>
    public static string? Normalize(string path) => Join(Resolve("", path));

    /// <summary>The normalised target of a symbolic link at <paramref name="linkPath"/> (normalised), or null when it points above the root.</summary>
    public static string? SymbolicLinkTarget(string linkPath, string target) =>
        Join(Resolve(Directory(linkPath), target));

    /// <summary>The directory of a normalised path ("" for a member at the root).</summary>
    public static string Directory(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    public static bool IsAbsolute(string path) => path.StartsWith('/');

    /// <summary>The path as messages quote it: control characters escaped (a name may hold a newline or a terminal escape), long names shortened.</summary>
    public static string Display(string path)
    {
        const int max = 200;
        var text = new StringBuilder();
        foreach (char c in path)
        {
            if (text.Length >= max)
            {
                text.Append('…');
                break;
            }
            if (char.IsControl(c))
                text.Append(@"\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            else if (c == '"')
                text.Append("\\\"");
            else
                text.Append(c);
        }
        return text.ToString();
    }

    private static List<string>? Resolve(string start, string path)
    {
        var components = start.Length == 0 ? new List<string>() : [.. start.Split('/')];
        foreach (string part in path.Split('/'))
        {
            if (part is "" or ".")
                continue;
            if (part == "..")
            {
                if (components.Count == 0)
                    return null;
                components.RemoveAt(components.Count - 1);
                continue;
            }
            components.Add(part);
        }
        return components;
    }

    private static string? Join(List<string>? components) => components is null ? null : string.Join('/', components);
}
