using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// dmidecode(8)'s default output (sos: <c>sos_commands/hardware/dmidecode</c>, linked as
/// <c>dmidecode</c>): for each structure a line <c>Handle 0x0001, DMI type 1, 27 bytes</c>, its title,
/// then tab-indented <c>Key: Value</c> lines (two tabs: the items of a list value, not read). Without a
/// table (a container without <c>/dev/mem</c>, a machine without SMBIOS) it prints only comments and an
/// error; that error is the failure, and no fact comes from it.
/// </summary>
internal static partial class DmidecodeParser
{
    /// <summary>What dmidecode prints for a string the firmware left empty or broken (dmidecode.c dmi_string): no value.</summary>
    public static bool IsPlaceholder(string value) => value is "Not Specified" or "Not Present" or "<BAD INDEX>" or "<OUT OF SPEC>" or "";

    public static DmiTable Parse(string text)
    {
        var sections = new List<DmiSection>();
        int? type = null;
        string? title = null;
        Dictionary<string, string>? values = null;
        foreach (string line in CommandOutput.Lines(text))
        {
            var handle = Handle().Match(line);
            if (handle.Success)
            {
                Flush();
                type = int.Parse(handle.Groups[1].Value, CultureInfo.InvariantCulture);
                values = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }
            if (type is null || line.Length == 0)
                continue;
            if (!line.StartsWith('\t'))
            {
                title ??= line.Trim();
                continue;
            }
            if (line.StartsWith("\t\t", StringComparison.Ordinal))
                continue;
            int colon = line.IndexOf(':');
            if (colon > 1)
                values!.TryAdd(line[1..colon].Trim(), line[(colon + 1)..].Trim());
        }
        Flush();
        if (sections.Count > 0)
            return new DmiTable(sections, null);
        string? last = CommandOutput.LastLine(text)?.TrimStart('#', ' ');
        return new DmiTable([], string.IsNullOrEmpty(last) ? "printed no DMI table" : CommandOutput.Quote(last));

        void Flush()
        {
            if (type is { } t && title is not null)
                sections.Add(new DmiSection(t, title, values!));
            type = null;
            title = null;
            values = null;
        }
    }

    [GeneratedRegex(@"^Handle 0x[0-9A-Fa-f]+, DMI type (\d+), \d+ bytes")]
    private static partial Regex Handle();
}
