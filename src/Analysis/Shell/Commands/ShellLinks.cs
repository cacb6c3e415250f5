using System.Globalization;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>What a click on an address runs: text → <c>dis</c> (or <c>sym</c> while there is no <c>dis</c>), data → <c>rd</c>.</summary>
internal static class ShellLinks
{
    /// <summary>The command for <paramref name="address"/>.</summary>
    public static string ForAddress(CrashShell shell, ulong address)
    {
        string hex = address.ToString("x", CultureInfo.InvariantCulture);
        bool text = shell.Context.Symbols.TryResolve(address, out var at) && at.Symbol.IsText;
        if (!text)
            return "rd " + hex;
        return (shell.Commands.Find("dis") is null ? "sym " : "dis ") + hex;
    }
}
