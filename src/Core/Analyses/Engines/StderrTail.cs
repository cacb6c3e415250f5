using System.Diagnostics;
using System.Text;

namespace Crashdesk.Core.Analyses.Engines;

/// <summary>The last <see cref="MaxChars"/> characters an engine process wrote on stderr (for the log when it fails).</summary>
internal sealed class StderrTail
{
    /// <summary>How much is kept.</summary>
    public const int MaxChars = 8192;

    private readonly StringBuilder _text = new();

    /// <summary>Starts reading <paramref name="process"/>'s stderr to its end.</summary>
    public StderrTail(Process process) => Completion = ReadAsync(process.StandardError);

    /// <summary>Done when stderr is closed.</summary>
    public Task Completion { get; }

    /// <summary>What was kept so far.</summary>
    public string Text
    {
        get
        {
            lock (_text)
                return _text.ToString();
        }
    }

    private async Task ReadAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
        {
            lock (_text)
            {
                _text.Append(buffer, 0, n);
                if (_text.Length > MaxChars)
                    _text.Remove(0, _text.Length - MaxChars);
            }
        }
    }
}
