namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// <c>modinfo</c> of every module in <c>/sys/module</c> (sos: <c>sos_commands/kernel/modinfo_ALL_MODULES</c>):
/// one block of <c>field: value</c> lines per module. A loadable module's block starts with
/// <c>filename:</c> and names itself in <c>name:</c> further down; a built-in one starts with
/// <c>name:</c> and has <c>filename: (builtin)</c>. "modinfo: ERROR: Module x not found." lines are
/// skipped. Only modules with MODULE_VERSION have a <c>version:</c>.
/// </summary>
internal static class ModinfoParser
{
    /// <summary>Version by module name (dashes read as underscores, as the kernel names modules); null for a module without a version.</summary>
    public static IReadOnlyDictionary<string, string?> Versions(string text)
    {
        var versions = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? name = null, filename = null, version = null;
        foreach (string line in CommandOutput.Lines(text))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0 || line.StartsWith("modinfo:", StringComparison.Ordinal))
                continue;
            string key = line[..colon];
            string value = line[(colon + 1)..].Trim();
            if (key == "filename" && filename is not null || key == "name" && name is not null)
                Flush();
            switch (key)
            {
                case "filename":
                    filename = value;
                    break;
                case "name":
                    name = value;
                    break;
                case "version":
                    version ??= value;
                    break;
            }
        }
        Flush();
        return versions;

        void Flush()
        {
            string? module = name ?? ModuleName(filename);
            if (module is not null)
                versions.TryAdd(Key(module), version);
            name = filename = version = null;
        }
    }

    /// <summary>The key a module is looked up by: the kernel turns dashes into underscores in module names (scripts/Makefile.lib, modname).</summary>
    public static string Key(string module) => module.Replace('-', '_');

    private static string? ModuleName(string? filename)
    {
        if (filename is null || filename == "(builtin)")
            return null;
        string file = filename[(filename.LastIndexOf('/') + 1)..];
        int ko = file.IndexOf(".ko", StringComparison.Ordinal);
        return ko > 0 ? file[..ko] : null;
    }
}
