using System.Text.RegularExpressions;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// The security module's state from sestatus(8) (sos selinux plugin: <c>sestatus</c>, <c>sestatus -b</c>)
/// or apparmor_status / aa-status(8) (sos apparmor plugin), as one short text: "SELinux enforcing
/// (targeted)", "SELinux disabled", "AppArmor (32 profiles in enforce mode, 2 in complain mode)",
/// "AppArmor not loaded". Null when the text is neither tool's.
/// </summary>
internal static partial class SecurityModuleParser
{
    public static string? FromSestatus(string text)
    {
        var values = CommandOutput.KeyValues(text);
        if (!values.TryGetValue("SELinux status", out string? status))
            return null;
        if (status != "enabled")
            return $"SELinux {status}";
        string mode = values.GetValueOrDefault("Current mode") ?? "enabled";
        return values.TryGetValue("Loaded policy name", out string? policy) ? $"SELinux {mode} ({policy})" : $"SELinux {mode}";
    }

    public static string? FromAppArmorStatus(string text)
    {
        if (text.Contains("apparmor module is not loaded", StringComparison.Ordinal))
            return "AppArmor not loaded";
        if (text.Contains("apparmor filesystem is not mounted", StringComparison.Ordinal))
            return "AppArmor not loaded (its filesystem is not mounted)";
        if (!text.Contains("apparmor module is loaded", StringComparison.Ordinal))
            return null;
        string? enforce = ProfileCount(text, "enforce");
        string? complain = ProfileCount(text, "complain");
        if (enforce is null)
            return "AppArmor loaded";
        return complain is null ? $"AppArmor ({enforce} profiles in enforce mode)" : $"AppArmor ({enforce} profiles in enforce mode, {complain} in complain mode)";
    }

    private static string? ProfileCount(string text, string mode)
    {
        var match = Regex.Match(text, $@"^(\d+) profiles? (?:are|is) in {mode} mode", RegexOptions.Multiline);
        return match.Success ? match.Groups[1].Value : null;
    }
}
