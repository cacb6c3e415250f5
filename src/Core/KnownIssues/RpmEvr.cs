namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// An <c>[epoch:]version[-release]</c> string cut as rpm's parseEVR() cuts it (rpmio/rpmver.c): the
/// epoch is a leading run of digits ended by a colon (an empty one before the colon is "0"), the
/// release follows the last hyphen after it. Equality of this record is textual; the version order
/// is <see cref="RpmVersion.CompareEvr"/>.
/// </summary>
/// <param name="Epoch">The epoch's digits; null when the string has none (rpm then compares it as 0).</param>
/// <param name="Version">The version: <c>5.14.0</c> of <c>5.14.0-362.8.1.el9_3</c>.</param>
/// <param name="Release">The release after the last hyphen, or null when there is no hyphen.</param>
public readonly record struct RpmEvr(string? Epoch, string Version, string? Release)
{
    /// <summary>Cuts <paramref name="evr"/>; rpmverParse() refuses only the empty string.</summary>
    /// <exception cref="FormatException">An empty string.</exception>
    public static RpmEvr Parse(string evr)
    {
        if (string.IsNullOrEmpty(evr))
            throw new FormatException("an empty string is not an rpm version");
        int digits = 0;
        while (digits < evr.Length && char.IsAsciiDigit(evr[digits]))
            digits++;
        // The release's hyphen is looked for after the epoch's digits, as parseEVR() does.
        int hyphen = evr.LastIndexOf('-');
        if (hyphen < digits)
            hyphen = -1;
        string? epoch = null;
        int versionStart = 0;
        if (digits < evr.Length && evr[digits] == ':')
        {
            epoch = digits == 0 ? "0" : evr[..digits];
            versionStart = digits + 1;
        }
        return hyphen < 0
            ? new RpmEvr(epoch, evr[versionStart..], null)
            : new RpmEvr(epoch, evr[versionStart..hyphen], evr[(hyphen + 1)..]);
    }

    public override string ToString() => $"{(Epoch is null ? "" : Epoch + ":")}{Version}{(Release is null ? "" : "-" + Release)}";
}
