namespace Crashdesk.Analysis.Binary;

/// <summary>
/// The kernel's `linux_banner` string ("Linux version 6.1.0-... (builder) #1 SMP ...\n", init/version.c),
/// read from the image's .rodata at the symbol's link-time address.
/// </summary>
public static class LinuxBanner
{
    private const int MaxLength = 1024;

    /// <summary>Reads the NUL-terminated banner at <paramref name="address"/>; trailing newline removed.</summary>
    public static bool TryRead(ElfImage image, ulong address, out string banner)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        int n = image.ReadVirtual(address, buffer);
        var bytes = buffer[..n];
        int end = bytes.IndexOf((byte)0);
        if (n == 0 || end < 0)
        {
            banner = "";
            return false;
        }
        banner = System.Text.Encoding.UTF8.GetString(bytes[..end]).TrimEnd('\n');
        return banner.StartsWith("Linux version ", StringComparison.Ordinal);
    }
}
