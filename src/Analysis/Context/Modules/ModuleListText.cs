using System.Globalization;
using System.Text;

namespace Crashdesk.Analysis.Context.Modules;

/// <summary>
/// crash's `mod` table (kernel.c `do_module_cmd`, LIST_MODULE_HDR, at crash-utility/crash abcb45e):
/// MODULE and BASE as 16-digit hex, NAME left-justified and SIZE right-justified to the widest
/// entry, headers centred with crash's `mkstring(CENTER|LJUST)`, then OBJECT FILE, which is
/// "(not loaded)" without module debug info, followed by "  [CONFIG_KALLSYMS]" when the module's own
/// symbols were read from memory. The column says TEXT_BASE on 6.4+ kernels (`struct module_memory`).
/// </summary>
public static class ModuleListText
{
    private const int AddressWidth = 16; // VADDR_PRLEN on x86_64

    /// <summary>
    /// Whether crash heads the base column TEXT_BASE: kernels 6.4+ describe a module by
    /// `struct module_memory mem[]` (torvalds/linux ac3b43283923, "module: replace module_layout with
    /// module_memory"). Used where only the release is known; with types, test for `module_memory`.
    /// </summary>
    public static bool TextBaseHeaderFor(string? release)
    {
        var parts = (release ?? "").Split('.', 3);
        return parts.Length >= 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int major)
            && int.TryParse(new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture, out int minor)
            && (major > 6 || (major == 6 && minor >= 4));
    }

    /// <summary>The table text ("no modules installed" for none), one line per module, newline-terminated.</summary>
    public static string Format(IReadOnlyList<KernelModule> modules, bool textBaseHeader = false)
    {
        if (modules.Count == 0)
            return "no modules installed\n";
        int nameWidth = modules.Max(m => m.Name.Length);
        int sizeWidth = modules.Max(m => m.Size.ToString(CultureInfo.InvariantCulture).Length);
        var sb = new StringBuilder();
        sb.Append(Center("MODULE", AddressWidth)).Append("  ")
          .Append("NAME".PadRight(nameWidth)).Append("  ")
          .Append(Center(textBaseHeader ? "TEXT_BASE" : "BASE", AddressWidth)).Append("  ")
          .Append("SIZE".PadLeft(sizeWidth)).Append("  OBJECT FILE\n");
        foreach (var m in modules)
        {
            sb.Append(m.Address.ToString("x16", CultureInfo.InvariantCulture)).Append("  ")
              .Append(m.Name.PadRight(nameWidth)).Append("  ")
              .Append(m.Base.ToString("x16", CultureInfo.InvariantCulture)).Append("  ")
              .Append(m.Size.ToString(CultureInfo.InvariantCulture).PadLeft(sizeWidth)).Append("  ")
              .Append("(not loaded)");
            if (m.Kallsyms is not null)
                sb.Append("  [CONFIG_KALLSYMS]");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    // mkstring(CENTER|LJUST): an odd remainder goes to the right.
    private static string Center(string text, int width)
    {
        if (text.Length >= width)
            return text;
        int extra = width - text.Length, left = extra / 2;
        return new string(' ', left) + text + new string(' ', extra - left);
    }
}
