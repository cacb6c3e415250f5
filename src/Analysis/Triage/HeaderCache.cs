using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// <see cref="HeaderMatcher.Match"/> of each line, computed once: the splitter asks for a line when it
/// looks ahead for a stack trace and again when its main pass reaches it. The look-ahead runs at most
/// <see cref="Size"/> lines ahead of the main pass, so a ring of that many entries holds every answer
/// still needed (memory bounded whatever the log's length). A line equal to the last one matched
/// reuses its answer: matching runs every catalogue pattern (about 50 µs a header-like line), and a
/// flood of one repeated header (a console echoing, a stuck task reported again and again) was
/// 60 MiB of them in 214 s before (found by the fuzz smoke's repeated-header mutation, tests/Fuzz).
/// </summary>
internal sealed class HeaderCache
{
    /// <summary>A power of two larger than the splitter's look-ahead window.</summary>
    public const int Size = 128;

    private readonly IReadOnlyList<LogLine> _lines;
    private readonly int[] _index = new int[Size];
    private readonly (OopsPattern Pattern, Match Match)?[] _hit = new (OopsPattern, Match)?[Size];
    private string? _lastText;
    private (OopsPattern Pattern, Match Match)? _lastHit;

    public HeaderCache(IReadOnlyList<LogLine> lines)
    {
        _lines = lines;
        Array.Fill(_index, -1);
    }

    /// <summary>The header line <paramref name="i"/> is, or null.</summary>
    public (OopsPattern Pattern, Match Match)? At(int i)
    {
        int slot = i & (Size - 1);
        if (_index[slot] != i)
        {
            string text = _lines[i].Text;
            if (!string.Equals(text, _lastText, StringComparison.Ordinal))
            {
                _lastHit = HeaderMatcher.Match(text);
                _lastText = text;
            }
            _hit[slot] = _lastHit;
            _index[slot] = i;
        }
        return _hit[slot];
    }
}
