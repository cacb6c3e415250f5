using System.Text;

namespace Crashdesk.Analysis.Formats.Detection;

/// <summary>
/// What <see cref="TextProbe"/> counts in a file's head: text bytes (printable ASCII, blanks and line
/// ends, ESC of colour sequences, valid UTF-8), runs of other control bytes (one each, however long),
/// and high bytes that are not UTF-8.
/// </summary>
internal sealed class TextCounts
{
    /// <summary>Printable ASCII, tab, LF, VT, FF, CR, ESC and the bytes of valid UTF-8 sequences.</summary>
    public long Text { get; private set; }

    /// <summary>Runs of NUL and other control bytes: a run is one blemish.</summary>
    public long ControlRuns { get; private set; }

    /// <summary>High bytes that start no valid UTF-8 sequence (Latin-1 text, or binary).</summary>
    public long NotUtf8 { get; private set; }

    private bool _inControlRun;

    /// <summary>Counts <paramref name="bytes"/>; a UTF-8 sequence cut by the end of the chunk is not counted.</summary>
    public void Add(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            if (b is >= 0x20 and < 0x7f or >= 0x09 and <= 0x0d or 0x1b)
            {
                Text++;
                _inControlRun = false;
                i++;
            }
            else if (b < 0x80)
            {
                if (!_inControlRun)
                    ControlRuns++;
                _inControlRun = true;
                i++;
            }
            else
            {
                _inControlRun = false;
                var status = Rune.DecodeFromUtf8(bytes[i..], out _, out int used);
                if (status == System.Buffers.OperationStatus.Done)
                    Text += used;
                else if (status == System.Buffers.OperationStatus.NeedMoreData)
                    return;
                else
                    NotUtf8++;
                i += Math.Max(used, 1);
            }
        }
    }

    /// <summary>
    /// Text: some text at all, control runs under 2 % of the text (the old probe's share, now per run)
    /// and non-UTF-8 high bytes under 10 % of it.
    /// </summary>
    public bool IsText => Text > 0 && ControlRuns * 50 < Text && NotUtf8 * 10 < Text;
}
