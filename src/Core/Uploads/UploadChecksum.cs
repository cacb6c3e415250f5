namespace Crashdesk.Core.Uploads;

/// <summary>The tus checksum extension's Upload-Checksum header: "{algorithm} {base64 digest}"; this server supports sha256.</summary>
internal static class UploadChecksum
{
    public enum Kind
    {
        None,
        Sha256,
        Unsupported,
    }

    public static Kind Parse(string? header, out byte[]? digest)
    {
        digest = null;
        if (string.IsNullOrWhiteSpace(header))
            return Kind.None;
        var parts = header.Trim().Split(' ', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !parts[0].Equals("sha256", StringComparison.OrdinalIgnoreCase))
            return Kind.Unsupported;
        try
        {
            digest = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            return Kind.Unsupported;
        }
        return digest.Length == 32 ? Kind.Sha256 : Kind.Unsupported;
    }
}
