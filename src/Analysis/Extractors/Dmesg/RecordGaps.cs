using System.Globalization;

namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>
/// Collects the records a log reader could not read into runs ("records 812–1040 of 1040
/// (descriptors at 0x…–0x…) are not in the dump"): consecutive records lost for the same reason
/// become one sentence, so a cut ring says where the cut is instead of listing thousands of lines.
/// At most <see cref="MaxRuns"/> runs are spelled out; the rest are counted in one last sentence.
/// </summary>
internal sealed class RecordGaps(long? totalRecords)
{
    /// <summary>Runs spelled out; a dump with holes everywhere gets a count for the rest.</summary>
    public const int MaxRuns = 16;

    private readonly List<string> _messages = [];
    private Run? _open;
    private long _moreRuns, _moreRecords;

    private sealed record Run(string What, long First, ulong FirstAddress)
    {
        public long Last { get; set; }
        public ulong LastEnd { get; set; }
    }

    /// <summary>Records that could not be read, whatever the reason.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// Record <paramref name="position"/> (1-based, in log order) is lost because <paramref name="what"/>
    /// ("descriptors", "printk_info", "text", "record headers") at [<paramref name="address"/>, +<paramref name="length"/>) is not in the dump.
    /// </summary>
    public void Add(long position, string what, ulong address, long length)
    {
        Count++;
        ulong end = address + (ulong)Math.Max(0, length);
        if (_open is { } run && run.What == what && run.Last == position - 1)
        {
            run.Last = position;
            run.LastEnd = Math.Max(run.LastEnd, end);
            return;
        }
        Close();
        _open = new Run(what, position, address) { Last = position, LastEnd = end };
    }

    /// <summary>The sentences, in log order.</summary>
    public IReadOnlyList<string> Messages()
    {
        Close();
        var all = new List<string>(_messages);
        if (_moreRuns > 0)
            all.Add(string.Create(CultureInfo.InvariantCulture, $"{_moreRecords} more records in {_moreRuns} more runs are not in the dump"));
        return all;
    }

    private void Close()
    {
        if (_open is not { } run)
            return;
        _open = null;
        long n = run.Last - run.First + 1;
        if (_messages.Count >= MaxRuns)
        {
            _moreRuns++;
            _moreRecords += n;
            return;
        }
        string of = totalRecords is { } total ? string.Create(CultureInfo.InvariantCulture, $" of {total}") : "";
        string records = n == 1
            ? string.Create(CultureInfo.InvariantCulture, $"record {run.First}{of}")
            : string.Create(CultureInfo.InvariantCulture, $"records {run.First}–{run.Last}{of}");
        string where = string.Create(CultureInfo.InvariantCulture, $"{run.What} at 0x{run.FirstAddress:x}–0x{run.LastEnd - 1:x}");
        _messages.Add(run.What == "text"
            ? $"the text of {records} ({where}) is not in the dump"
            : $"{records} ({where}) {(n == 1 ? "is" : "are")} not in the dump");
    }
}
