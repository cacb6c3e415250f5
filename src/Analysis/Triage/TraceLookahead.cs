namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Answers "does a stack trace follow this header within <see cref="Window"/> lines, before a boot or
/// another report starts?" for headers in increasing line order, examining every line at most once:
/// the scan resumes where the previous question left it, because a line that ended (or did not end)
/// one header's search ends (or does not end) the next one's the same way. Without that, a log of
/// repeated generic headers (`Oops:` 100 000 times) re-read the same 60 lines for every header.
/// </summary>
internal sealed class TraceLookahead
{
    /// <summary>Lines after a generic header in which its stack trace must start (`Call Trace:` or a `RIP:` line).</summary>
    public const int Window = 60;

    private readonly IReadOnlyList<LogLine> _lines;
    private readonly HeaderCache _headers;
    private int _scannedTo = -1;
    private int _eventAt = -1;
    private bool _eventIsTrace;

    public TraceLookahead(IReadOnlyList<LogLine> lines, HeaderCache headers)
    {
        if (Window >= HeaderCache.Size)
            throw new InvalidOperationException("the header cache must cover the look-ahead window");
        _lines = lines;
        _headers = headers;
    }

    /// <summary>True when a stack trace starts within <see cref="Window"/> lines after line <paramref name="at"/>; <paramref name="at"/> never decreases between calls.</summary>
    public bool HasTraceAfter(int at)
    {
        int from = at + 1, last = Math.Min(_lines.Count - 1, at + Window);
        // The first trace or stop line after the previous header is still ahead of this one: it decides.
        if (_eventAt >= from)
            return _eventIsTrace && _eventAt <= last;
        for (int i = Math.Max(from, _scannedTo + 1); i <= last; i++)
        {
            _scannedTo = i;
            string text = _lines[i].Text;
            if (TraceReader.IsStackStart(text) || FrameParser.ParseRipLine(text) is not null)
                return Found(i, trace: true);
            if (ReportSplitter.IsBootMarker(_lines[i]) || _headers.At(i) is { } h && !h.Pattern.Continuation)
                return Found(i, trace: false);
        }
        return false;
    }

    private bool Found(int at, bool trace)
    {
        _eventAt = at;
        _eventIsTrace = trace;
        return trace;
    }
}
