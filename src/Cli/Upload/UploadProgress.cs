using System.Diagnostics;

namespace Crashdesk.Cli.Upload;

/// <summary>
/// Progress on stderr: a bar redrawn in place with MB/s and ETA when stderr is a terminal, else one plain line
/// every 10 seconds (a log file or CI gets no carriage returns). The rate is over the last ~5 seconds.
/// </summary>
internal sealed class UploadProgress(TextWriter error, long length, long start, bool terminal)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Queue<(double At, long Bytes)> _window = new();
    private readonly Lock _lock = new();
    private long _bytes = start;
    private double _lastPrint = double.NegativeInfinity;

    public void Sent(long count)
    {
        lock (_lock)
        {
            _bytes = Math.Min(length, _bytes + count);
            Print(false);
        }
    }

    /// <summary>The server's offset after a resume: bytes sent but not kept are taken back.</summary>
    public void At(long offset)
    {
        lock (_lock)
            _bytes = offset;
    }

    public void Done()
    {
        lock (_lock)
        {
            _bytes = length;
            Print(true);
            if (terminal)
                error.WriteLine();
        }
    }

    private void Print(bool force)
    {
        double now = _clock.Elapsed.TotalSeconds;
        _window.Enqueue((now, _bytes));
        while (_window.Count > 2 && now - _window.Peek().At > 5)
            _window.Dequeue();
        if (!force && now - _lastPrint < (terminal ? 0.2 : 10))
            return;
        _lastPrint = now;
        var (then, thenBytes) = _window.Peek();
        double rate = now - then > 0.05 ? (_bytes - thenBytes) / (now - then) : 0;
        double percent = length == 0 ? 100 : 100.0 * _bytes / length;
        string eta = rate > 0 ? TimeSpan.FromSeconds((length - _bytes) / rate).ToString(@"hh\:mm\:ss") : "--:--:--";
        string numbers = $"{_bytes / 1e6,10:0.0} / {length / 1e6:0.0} MB  {rate / 1e6,7:0.0} MB/s  ETA {eta}";
        if (terminal)
        {
            const int width = 30;
            int filled = (int)(width * percent / 100);
            error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {percent,5:0.0}%  {numbers}");
        }
        else
        {
            error.WriteLine($"uploaded {percent:0.0}%  {numbers}");
        }
        error.Flush();
    }
}
