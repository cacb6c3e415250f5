namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// sos's <c>version.txt</c>: "sosreport: 4.0", then one "plugin: version" line per plugin that ran.
/// It lets a gap say why a member is missing: the plugin did not run, or it ran and did not collect it.
/// </summary>
internal sealed class SosPluginList
{
    private readonly HashSet<string>? plugins;

    private SosPluginList(HashSet<string>? plugins) => this.plugins = plugins;

    public static SosPluginList From(SosreportMember version)
    {
        if (!version.IsRead)
            return new SosPluginList(null);
        var plugins = CommandOutput.KeyValues(version.Text!).Keys.Where(k => k != "sosreport").ToHashSet(StringComparer.Ordinal);
        return new SosPluginList(plugins);
    }

    /// <summary>Why a member of <paramref name="plugin"/> may be missing, in a parenthesis's words.</summary>
    public string Why(params IReadOnlyList<string> plugin)
    {
        string names = plugin.Count == 1 ? $"plugin {plugin[0]}" : $"plugins {string.Join(" and ", plugin)}";
        if (plugins is null)
            return $"{names} not run, or nothing collected";
        var ran = plugin.Where(plugins.Contains).ToList();
        if (ran.Count == 0)
            return $"{names} not run";
        return ran.Count == plugin.Count ? $"{names} ran and collected nothing here" : $"{names}: only {string.Join(" and ", ran)} ran, and collected nothing here";
    }
}
