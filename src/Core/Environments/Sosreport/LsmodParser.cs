using System.Text.RegularExpressions;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// lsmod(8) (kmod; sos: <c>sos_commands/kernel/lsmod</c>, linked as <c>lsmod</c>): the header
/// <c>Module  Size  Used by</c>, then one module per line (name, size, use count, users). It prints
/// the modules of <c>/proc/modules</c>; where that is missing (a container) libkmod prints an error
/// instead, which is the failure, never an empty module list.
/// </summary>
internal static partial class LsmodParser
{
    public static LsmodListing Parse(string text)
    {
        var lines = CommandOutput.Lines(text).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0)
            return new LsmodListing([], "printed nothing");
        if (!Header().IsMatch(lines[0]))
            return new LsmodListing([], Clean(lines[0].Trim()));
        var names = new List<string>();
        foreach (string line in lines.Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 3 && fields[1].All(char.IsAsciiDigit))
                names.Add(fields[0]);
        }
        return new LsmodListing(names, null);
    }

    /// <summary>libkmod's "libkmod: ERROR ../libkmod/libkmod-module.c:1725 kmod_module_new_from_loaded: could not open …" without the source location.</summary>
    private static string Clean(string line)
    {
        var match = LibkmodError().Match(line);
        return CommandOutput.Quote(match.Success ? match.Groups[1].Value : line);
    }

    [GeneratedRegex(@"^Module\s+Size\s+Used by")]
    private static partial Regex Header();

    [GeneratedRegex(@"^libkmod: (?:ERROR|WARNING|NOTICE|INFO|DEBUG)?\s*\S+:\d+ \w+: (.+)$")]
    private static partial Regex LibkmodError();
}
