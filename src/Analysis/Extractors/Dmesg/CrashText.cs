namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>Turns log bytes into text the way crash prints them.</summary>
internal static class CrashText
{
    /// <summary>
    /// crash prints '\n' and every byte for which C-locale isprint() or isspace() holds as is, any
    /// other byte as '.' (printk.c dump_record(), kernel.c dump_log_entry()).
    /// </summary>
    public static string Sanitise(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes, static (chars, src) =>
        {
            for (int i = 0; i < src.Length; i++)
            {
                byte b = src[i];
                chars[i] = b is >= 0x20 and <= 0x7e or >= 0x09 and <= 0x0d ? (char)b : '.';
            }
        });
    }
}
