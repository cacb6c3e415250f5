namespace Crashdesk.Analysis.Formats;

/// <summary>The crashed kernel's struct new_utsname (6 fields of 65 bytes, include/uapi/linux/utsname.h).</summary>
public sealed record UtsName(string SysName, string NodeName, string Release, string Version, string Machine, string DomainName)
{
    /// <summary>Size of one field (__NEW_UTS_LEN + 1).</summary>
    public const int FieldLength = 65;

    /// <summary>Size of the whole struct.</summary>
    public const int Size = 6 * FieldLength;

    /// <summary>True when every field is empty (QEMU writes a blank utsname).</summary>
    public bool IsBlank => SysName.Length == 0 && NodeName.Length == 0 && Release.Length == 0 && Version.Length == 0;

    /// <summary>Parses the 390-byte struct; each field stops at its NUL.</summary>
    public static UtsName Parse(ReadOnlySpan<byte> raw)
    {
        if (raw.Length < Size)
            throw new ArgumentException($"utsname needs {Size} bytes, got {raw.Length}", nameof(raw));
        static string Field(ReadOnlySpan<byte> raw, int i)
        {
            var f = raw.Slice(i * FieldLength, FieldLength);
            int end = f.IndexOf((byte)0);
            return System.Text.Encoding.Latin1.GetString(end < 0 ? f : f[..end]);
        }
        return new UtsName(Field(raw, 0), Field(raw, 1), Field(raw, 2), Field(raw, 3), Field(raw, 4), Field(raw, 5));
    }
}
