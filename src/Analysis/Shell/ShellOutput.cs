using System.Text;

namespace Crashdesk.Analysis.Shell;

/// <summary>
/// The terminal a command prints to: text and links, cut at a character cap so that `foreach bt`
/// or `rd` of a million words cannot fill a worker's memory; a command that reaches the cap is
/// stopped by <see cref="ShellOutputFullException"/> (caught by <see cref="CrashShell"/>).
/// </summary>
public sealed class ShellOutput(int maxChars)
{
    private readonly StringBuilder _text = new();
    private readonly List<ShellLink> _links = [];

    /// <summary>Characters printed so far.</summary>
    public int Length => _text.Length;

    /// <summary>True once the cap cut the output.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Prints text as it is.</summary>
    public void Write(string text)
    {
        int room = maxChars - _text.Length;
        if (text.Length <= room)
        {
            _text.Append(text);
            return;
        }
        _text.Append(text, 0, Math.Max(0, room));
        Truncated = true;
        throw new ShellOutputFullException();
    }

    /// <summary>Prints a line and its newline.</summary>
    public void WriteLine(string line = "")
    {
        Write(line);
        Write("\n");
    }

    /// <summary>Prints <paramref name="text"/> as a link that runs <paramref name="command"/>.</summary>
    public void WriteLink(string text, string command)
    {
        int start = _text.Length;
        Write(text);
        _links.Add(new ShellLink(start, text.Length, command));
    }

    /// <summary>Marks an already printed span as a link (for text a formatter produced whole).</summary>
    public void AddLink(int start, int length, string command)
    {
        if (start < 0 || length <= 0 || start + length > _text.Length)
            return;
        _links.Add(new ShellLink(start, length, command));
    }

    internal ShellReply ToReply(bool cancelled, string? error) =>
        new(_text.ToString(), _links.OrderBy(l => l.Start).ToList(), Truncated, cancelled) { Error = error };
}

/// <summary>Thrown by <see cref="ShellOutput"/> when the output cap is reached; ends the command.</summary>
public sealed class ShellOutputFullException() : Exception("the output cap was reached");
