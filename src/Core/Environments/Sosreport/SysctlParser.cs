namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// <c>sysctl -a</c> (procps; sos: <c>sos_commands/kernel/sysctl_-a</c>): one <c>name = value</c> per
/// line. sos keeps the command's stderr in the same file, so lines such as
/// <c>sysctl: permission denied on key 'fs.protected_fifos'</c> are not settings and are skipped.
/// Values are kept as printed (some hold tabs: <c>net.ipv4.ip_local_port_range = 32768	60999</c>).
/// A value of several lines is printed one line each, the name repeated (<c>kernel.core_modes = file</c>,
/// <c>… = pipe</c>, <c>… = socket</c> on Linux 6.x): those lines are one setting, its lines joined by newlines.
/// </summary>
internal static class SysctlParser
{
    public static IReadOnlyList<SysctlFact> Parse(string text)
    {
        var settings = new List<SysctlFact>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string line in CommandOutput.Lines(text))
        {
            int equals = line.IndexOf(" = ", StringComparison.Ordinal);
            string name, value;
            if (equals > 0)
                (name, value) = (line[..equals], line[(equals + 3)..]);
            else if (line.EndsWith(" =", StringComparison.Ordinal) && line.Length > 2)
                (name, value) = (line[..^2], "");
            else
                continue;
            if (name.Length == 0 || name.Any(char.IsWhiteSpace) || name.StartsWith("sysctl:", StringComparison.Ordinal))
                continue;
            if (index.TryGetValue(name, out int at))
                settings[at] = settings[at] with { Value = settings[at].Value + "\n" + value };
            else
            {
                index[name] = settings.Count;
                settings.Add(new SysctlFact(name, value));
            }
        }
        return settings;
    }
}
