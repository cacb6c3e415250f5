namespace Crashdesk.Core.Environments.FromDump;

/// <summary>
/// The kernel's <c>DMI:</c> boot line split as drivers/firmware/dmi_scan.c dmi_format_ids() builds
/// it: "&lt;sys_vendor&gt; &lt;product_name&gt;[/&lt;board_name&gt;], BIOS &lt;bios_version&gt; &lt;bios_date&gt;".
/// Vendor and product are joined by a space and either may hold spaces ("Dell Inc. PowerEdge
/// R740"), so the line names the system as a whole; dmidecode (a sosreport) separates them.
/// </summary>
public sealed record DmiLine(string System, string? Board, string? BiosVersion, string? BiosDate)
{
    public static DmiLine Parse(string value)
    {
        string system = value, bios = "";
        int at = value.LastIndexOf(", BIOS ", StringComparison.Ordinal);
        if (at >= 0)
        {
            system = value[..at];
            bios = value[(at + ", BIOS ".Length)..].Trim();
        }
        string? board = null;
        int slash = system.LastIndexOf('/');
        if (slash > 0 && slash < system.Length - 1)
        {
            board = system[(slash + 1)..].Trim();
            system = system[..slash];
        }
        string? version = bios.Length == 0 ? null : bios, date = null;
        int space = bios.LastIndexOf(' ');
        // dmi_format_ids prints the date last; SMBIOS dates are mm/dd/yyyy (or mm/dd/yy).
        if (space > 0 && bios[(space + 1)..].Count(c => c == '/') == 2)
        {
            version = bios[..space].Trim();
            date = bios[(space + 1)..];
        }
        return new DmiLine(system.Trim(), board, version, date);
    }
}
