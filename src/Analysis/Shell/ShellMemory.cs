using System.Globalization;

namespace Crashdesk.Analysis.Shell;

/// <summary>
/// Kernel-virtual reads with crash's failure text (memory.c `readmem`): an address no page table
/// maps is "invalid kernel virtual address: ADDR  type: "WHAT"", a mapped page the dump does not
/// hold is "seek error: kernel virtual address: ADDR  type: "WHAT"". Unlike crash (diskdump.c
/// `read_diskdump` zero-fills a page makedumpfile excluded) nothing is read as zeros that the dump
/// does not hold.
/// </summary>
internal static class ShellMemory
{
    /// <summary>Fills <paramref name="destination"/> from <paramref name="address"/> or throws crash's message, prefixed with <paramref name="command"/>.</summary>
    public static void Read(CrashShell shell, string command, ulong address, Span<byte> destination, string what)
    {
        var memory = shell.Target.KernelMemory;
        int n = memory.Read(address, destination);
        if (n == destination.Length)
            return;
        ulong failed = address + (ulong)n;
        throw new ShellCommandException(Failure(shell, command, failed, what));
    }

    /// <summary>crash's message for a read at <paramref name="address"/> that failed.</summary>
    public static string Failure(CrashShell shell, string command, ulong address, string what)
    {
        string hex = address.ToString("x", CultureInfo.InvariantCulture);
        return shell.Target.KernelMemory.TryTranslate(address, out _)
            ? $"{command}: seek error: kernel virtual address: {hex}  type: \"{what}\""
            : $"{command}: invalid kernel virtual address: {hex}  type: \"{what}\"";
    }
}
