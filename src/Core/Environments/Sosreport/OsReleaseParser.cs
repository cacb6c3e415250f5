using System.Text;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// os-release(5): newline-separated <c>KEY=value</c> assignments, values optionally in double or single
/// quotes ("shell-compatible": in double quotes a backslash escapes <c>$ " \ `</c>), <c>#</c> comments.
/// sos copies <c>/etc/os-release</c>, on most systems a link to <c>../usr/lib/os-release</c>.
/// </summary>
internal static class OsReleaseParser
{
    public static Dictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string raw in CommandOutput.Lines(text))
        {
            string line = raw.Trim();
            int equals = line.IndexOf('=');
            if (line.StartsWith('#') || equals <= 0)
                continue;
            string key = line[..equals];
            if (!key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                continue;
            values[key] = Unquote(line[(equals + 1)..]);
        }
        return values;
    }

    private static string Unquote(string value)
    {
        var text = new StringBuilder();
        char quote = '\0';
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (quote == '\'')
            {
                if (c == '\'')
                    quote = '\0';
                else
                    text.Append(c);
            }
            else if (c == '\\' && i + 1 < value.Length)
                text.Append(value[++i]);
            else if (quote == '"' && c == '"' || quote == '\0' && c is '"' or '\'')
                quote = quote == '\0' ? c : '\0';
            else
                text.Append(c);
        }
        return text.ToString();
    }
}
