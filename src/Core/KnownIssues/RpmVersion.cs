using System.Text;

namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// RPM's version order: rpmvercmp() for one version or release string (rpmio/rpmvercmp.c) and
/// rpmverCmp() for whole <c>[epoch:]version[-release]</c> strings (rpmio/rpmver.c), as rpm 4.15
/// and later have them (with the caret). RHEL, CentOS, Rocky, Alma and Fedora kernels are ordered by it.
/// </summary>
/// <remarks>
/// rpmvercmp() cuts both strings into segments: a run of ASCII digits or a run of ASCII letters;
/// anything else only separates (<c>2.0</c> = <c>2_0</c>), and only where a segment starts does
/// it matter which separator it was. Numbers compare as numbers (leading zeros ignored), letters
/// byte by byte, a number beats letters at the same place (<c>6.0.rc1</c> &gt; <c>6.0</c>, but
/// <c>1.0a</c> &gt; <c>1.0</c> too: the longer string wins when all segments so far are equal).
/// <c>~</c> sorts before anything, even the end (<c>1.0~rc1</c> &lt; <c>1.0</c>); <c>^</c> sorts
/// after the end but before anything else (<c>1.0</c> &lt; <c>1.0^git1</c> &lt; <c>1.0.1</c>).
/// </remarks>
public static class RpmVersion
{
    /// <summary>
    /// rpmvercmp(): −1 when <paramref name="a"/> is older, 0 when rpm calls them equal, 1 when newer.
    /// Use it on one field (a version, or a release); <see cref="CompareEvr"/> on a whole EVR.
    /// </summary>
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a == b)
            return 0;
        // rpm works on C strings and tests characters with ASCII-only classes: over UTF-8, every
        // byte of a non-ASCII character is a separator, as in rpm.
        ReadOnlySpan<byte> x = Encoding.UTF8.GetBytes(a), y = Encoding.UTF8.GetBytes(b);
        int i = 0, j = 0;
        while (i < x.Length || j < y.Length)
        {
            while (i < x.Length && IsSeparator(x[i]))
                i++;
            while (j < y.Length && IsSeparator(y[j]))
                j++;

            bool tildeX = i < x.Length && x[i] == '~', tildeY = j < y.Length && y[j] == '~';
            if (tildeX || tildeY)
            {
                if (!tildeX)
                    return 1;
                if (!tildeY)
                    return -1;
                i++;
                j++;
                continue;
            }

            bool caretX = i < x.Length && x[i] == '^', caretY = j < y.Length && y[j] == '^';
            if (caretX || caretY)
            {
                // An ended string is the base version: older than anything with a caret part.
                if (i == x.Length)
                    return -1;
                if (j == y.Length)
                    return 1;
                if (!caretX)
                    return 1;
                if (!caretY)
                    return -1;
                i++;
                j++;
                continue;
            }

            if (i == x.Length || j == y.Length)
                break;

            bool numeric = IsDigit(x[i]);
            int endX = SegmentEnd(x, i, numeric), endY = SegmentEnd(y, j, numeric);
            // The same kind of segment is missing on the other side: a number beats letters.
            if (endY == j)
                return numeric ? 1 : -1;

            var segmentX = x[i..endX];
            var segmentY = y[j..endY];
            if (numeric)
            {
                segmentX = segmentX.TrimStart((byte)'0');
                segmentY = segmentY.TrimStart((byte)'0');
                if (segmentX.Length != segmentY.Length)
                    return segmentX.Length > segmentY.Length ? 1 : -1;
            }
            int order = segmentX.SequenceCompareTo(segmentY);
            if (order != 0)
                return Math.Sign(order);
            i = endX;
            j = endY;
        }
        // Every segment compared equal: only separators may differ, or one string goes on.
        if (i == x.Length && j == y.Length)
            return 0;
        return i == x.Length ? -1 : 1;
    }

    /// <summary>
    /// rpmverCmp(): the epochs (a missing one is 0), then the versions, then the releases, each by
    /// <see cref="Compare"/>; a missing release sorts before any release.
    /// </summary>
    /// <exception cref="FormatException">An empty string, which rpm refuses as a version.</exception>
    public static int CompareEvr(string a, string b)
    {
        var x = RpmEvr.Parse(a);
        var y = RpmEvr.Parse(b);
        int order = Compare(x.Epoch ?? "0", y.Epoch ?? "0");
        if (order == 0)
            order = Compare(x.Version, y.Version);
        if (order == 0)
            order = (x.Release, y.Release) switch
            {
                (null, null) => 0,
                (null, _) => -1,
                (_, null) => 1,
                var (r, s) => Compare(r, s),
            };
        return order;
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsLetter(byte c) => c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';

    private static bool IsSeparator(byte c) => !IsDigit(c) && !IsLetter(c) && c != '~' && c != '^';

    private static int SegmentEnd(ReadOnlySpan<byte> s, int start, bool numeric)
    {
        int end = start;
        while (end < s.Length && (numeric ? IsDigit(s[end]) : IsLetter(s[end])))
            end++;
        return end;
    }
}
