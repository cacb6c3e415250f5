using System.Globalization;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's cpu specification (tools.c make_cpumask): comma-separated CPU numbers, ranges "N-M" and
/// "a"/"all", each below the number of CPUs; the empty specification (<c>p var:</c>) is the current
/// context's CPU (symbols.c display_per_cpu_info).
/// </summary>
internal static class CpuSpecification
{
    /// <summary>The CPUs <paramref name="text"/> names, in ascending order; crash's error wording for a bad one.</summary>
    public static SortedSet<int> Parse(string command, string text, int cpus, int currentCpu)
    {
        var set = new SortedSet<int>();
        if (text.Length == 0)
        {
            set.Add(currentCpu);
            return set;
        }
        foreach (string part in text.Split(','))
        {
            int start, end;
            if (part is "a" or "all")
                (start, end) = (0, cpus - 1);
            else
            {
                int dash = part.IndexOf('-', StringComparison.Ordinal);
                start = Number(dash < 0 ? part : part[..dash]);
                end = dash < 0 ? start : Number(part[(dash + 1)..]);
            }
            if (start < 0 || start >= cpus || end < 0 || end >= cpus)
                throw new ShellCommandException($"{command}: invalid cpu specification: {text}");
            for (int cpu = start; cpu <= end; cpu++)
                set.Add(cpu);
        }
        return set;
    }

    private static int Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : -1;
}
