using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// A Debian package version, <c>[epoch:]upstream_version[-debian_revision]</c>, ordered as dpkg
/// orders it (deb-version(7); Debian Policy 5.6.12 "Version"). Debian and Ubuntu kernel packages
/// carry such versions (<c>6.1.192-2</c>, <c>6.12.5-1~bpo12+1</c>, <c>5.15.0-91.101</c>).
/// </summary>
/// <remarks>
/// The order compares the epoch as a number, then the upstream version and the revision by the
/// same rule: alternating runs of non-digits and digits; non-digit runs character by character
/// where <c>~</c> sorts before everything (even the end of the string), then the end, then
/// letters, then every other character (so <c>1.0~rc1</c> &lt; <c>1.0</c> &lt; <c>1.0a</c> &lt; <c>1.0+b1</c>);
/// digit runs as numbers (<c>1.09</c> = <c>1.9</c>). Splitting follows dpkg's parseversion()
/// (lib/dpkg/parsehelp.c): the epoch ends at the first colon, the revision starts after the last
/// hyphen, a missing revision is the empty one. Instances have no value equality on purpose: two
/// texts dpkg calls equal (<c>1.0-1</c>, <c>0:1.00-1</c>) differ as strings; ask <see cref="Compare(DebianVersion, DebianVersion)"/>.
/// </remarks>
public sealed class DebianVersion : IComparable<DebianVersion>
{
    private DebianVersion(int epoch, string upstream, string revision, string text)
    {
        Epoch = epoch;
        Upstream = upstream;
        Revision = revision;
        Text = text;
    }

    /// <summary>The epoch; 0 when the text has none.</summary>
    public int Epoch { get; }

    /// <summary>The upstream version: between the epoch's colon and the last hyphen.</summary>
    public string Upstream { get; }

    /// <summary>The Debian revision after the last hyphen; empty for a native version.</summary>
    public string Revision { get; }

    /// <summary>The version as given (blanks around it trimmed).</summary>
    public string Text { get; }

    /// <summary>
    /// Reads a version dpkg accepts without complaint: the errors of parseversion() (empty, embedded
    /// blanks, a bad epoch, an empty upstream version or revision) and its warnings (an upstream
    /// version not starting with a digit, a character outside <c>A-Za-z0-9.+~-:</c>, or <c>A-Za-z0-9.+~</c>
    /// in the revision) are refused, with dpkg's reason.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DebianVersion? version, [NotNullWhen(false)] out string? error)
    {
        version = Read(text, strict: true, out string? reason);
        error = reason is null ? null : $"'{text}' is not a Debian version: {reason}";
        return version is not null;
    }

    /// <summary><see cref="TryParse(string?, out DebianVersion?, out string?)"/> with the reason alone ("its revision is empty"), for callers that name the text themselves.</summary>
    internal static bool TryRead(string? text, [NotNullWhen(true)] out DebianVersion? version, [NotNullWhen(false)] out string? reason)
    {
        version = Read(text, strict: true, out reason);
        return version is not null;
    }

    /// <summary>
    /// Orders two version texts as <c>dpkg --compare-versions</c> does: negative when
    /// <paramref name="a"/> is older, 0 when dpkg calls them equal, positive when newer. Like dpkg,
    /// it compares versions it would only warn about (<c>1.0_1</c>) and refuses the ones it rejects.
    /// </summary>
    /// <exception cref="FormatException">A text dpkg rejects (empty, embedded blanks, a bad epoch, an empty part).</exception>
    public static int Compare(string a, string b) => Compare(ReadForComparison(a), ReadForComparison(b));

    /// <summary>dpkg_version_compare(): the epochs as numbers, then the upstream versions, then the revisions.</summary>
    public static int Compare(DebianVersion a, DebianVersion b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int epoch = a.Epoch.CompareTo(b.Epoch);
        if (epoch != 0)
            return epoch;
        int upstream = ComparePart(a.Upstream, b.Upstream);
        return upstream != 0 ? upstream : ComparePart(a.Revision, b.Revision);
    }

    public int CompareTo(DebianVersion? other) => other is null ? 1 : Compare(this, other);

    public override string ToString() => Text;

    private static DebianVersion ReadForComparison(string text) =>
        Read(text, strict: false, out string? reason) ?? throw new FormatException($"'{text}' is not a Debian version: {reason}");

    /// <summary>
    /// parseversion()'s checks in its order. Non-strict reading lets through what dpkg only warns
    /// about, as <c>dpkg --compare-versions</c> does (it prints the warning and compares).
    /// </summary>
    private static DebianVersion? Read(string? text, bool strict, out string? reason)
    {
        // dpkg trims blanks (space and tab, c_isblank) and refuses any inside.
        string trimmed = (text ?? "").Trim(' ', '\t');
        reason = null;
        if (trimmed.Length == 0)
            return Fail("it is empty", out reason);
        if (trimmed.AsSpan().IndexOfAny(' ', '\t') >= 0)
            return Fail("it has embedded blanks", out reason);

        int epoch = 0;
        string rest = trimmed;
        int colon = trimmed.IndexOf(':');
        if (colon >= 0)
        {
            // dpkg reads the epoch with strtol(), which takes a sign: "+1:2.0" has epoch 1.
            string digits = trimmed[..colon];
            string unsigned = digits.StartsWith('+') || digits.StartsWith('-') ? digits[1..] : digits;
            if (unsigned.Length == 0)
                return Fail("its epoch is empty", out reason);
            if (!unsigned.All(char.IsAsciiDigit))
                return Fail($"its epoch '{digits}' is not a number", out reason);
            if (!int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out epoch))
                return Fail($"its epoch '{digits}' is out of range", out reason);
            if (epoch < 0)
                return Fail($"its epoch '{digits}' is negative", out reason);
            rest = trimmed[(colon + 1)..];
            if (rest.Length == 0)
                return Fail("nothing follows the epoch's colon", out reason);
        }

        string upstream = rest, revision = "";
        int hyphen = rest.LastIndexOf('-');
        if (hyphen >= 0)
        {
            upstream = rest[..hyphen];
            revision = rest[(hyphen + 1)..];
            if (revision.Length == 0)
                return Fail("its revision is empty", out reason);
        }
        if (upstream.Length == 0)
            return Fail("its upstream version is empty", out reason);

        if (strict)
        {
            if (!char.IsAsciiDigit(upstream[0]))
                return Fail("its upstream version does not start with a digit", out reason);
            if (upstream.Any(c => !char.IsAsciiLetterOrDigit(c) && !".-+~:".Contains(c)))
                return Fail("its upstream version has a character outside A-Z a-z 0-9 . + ~ - :", out reason);
            if (revision.Any(c => !char.IsAsciiLetterOrDigit(c) && !".+~".Contains(c)))
                return Fail("its revision has a character outside A-Z a-z 0-9 . + ~", out reason);
        }
        return new DebianVersion(epoch, upstream, revision, trimmed);
    }

    private static DebianVersion? Fail(string message, out string? reason)
    {
        reason = message;
        return null;
    }

    /// <summary>
    /// dpkg's verrevcmp() on one part. It works on bytes (a non-ASCII character is "other", weighted
    /// by its byte), so the comparison runs over the UTF-8 encoding.
    /// </summary>
    private static int ComparePart(string a, string b)
    {
        ReadOnlySpan<byte> x = Encoding.UTF8.GetBytes(a), y = Encoding.UTF8.GetBytes(b);
        int i = 0, j = 0;
        while (i < x.Length || j < y.Length)
        {
            // A run of non-digits on either side, weighed character by character; the shorter run
            // is padded with the end's weight (0), which sits between '~' and the letters.
            while ((i < x.Length && !IsDigit(x[i])) || (j < y.Length && !IsDigit(y[j])))
            {
                int wx = Weight(i < x.Length ? x[i] : (byte)0), wy = Weight(j < y.Length ? y[j] : (byte)0);
                if (wx != wy)
                    return Math.Sign(wx - wy);
                i++;
                j++;
            }
            // A run of digits on both sides (possibly empty): as numbers, without leading zeros.
            while (i < x.Length && x[i] == '0')
                i++;
            while (j < y.Length && y[j] == '0')
                j++;
            int firstDifference = 0;
            while (i < x.Length && IsDigit(x[i]) && j < y.Length && IsDigit(y[j]))
            {
                if (firstDifference == 0)
                    firstDifference = x[i] - y[j];
                i++;
                j++;
            }
            if (i < x.Length && IsDigit(x[i]))
                return 1;
            if (j < y.Length && IsDigit(y[j]))
                return -1;
            if (firstDifference != 0)
                return Math.Sign(firstDifference);
        }
        return 0;
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    /// <summary>dpkg's order(): digits and the end weigh 0, '~' −1, letters their code, anything else its code + 256.</summary>
    private static int Weight(byte c) => c switch
    {
        0 => 0,
        _ when IsDigit(c) => 0,
        _ when char.IsAsciiLetter((char)c) => c,
        (byte)'~' => -1,
        _ => c + 256,
    };
}
