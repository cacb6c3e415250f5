namespace Crashdesk.Analysis.Shell;

/// <summary>
/// One parsed command line: the command's name and its words, split as crash's own parser does
/// (whitespace; double quotes group a word), with helpers for crash-style options
/// (<c>-a</c>, <c>-8</c>, <c>-o</c>; clustered flags like <c>-ax</c> are not crash's and are not split).
/// </summary>
public sealed class ShellInvocation
{
    /// <summary>A parsed line; prefer <see cref="Parse"/>.</summary>
    public ShellInvocation(string name, IReadOnlyList<string> words, string line)
    {
        Name = name;
        Words = words;
        Line = line;
    }

    /// <summary>The command as typed ("bt").</summary>
    public string Name { get; }

    /// <summary>The words after the command, options included, in order.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The whole line as typed (for the audit log and error messages).</summary>
    public string Line { get; }

    /// <summary>True if the word <paramref name="flag"/> ("-a") was given.</summary>
    public bool Has(string flag) => Words.Contains(flag, StringComparer.Ordinal);

    /// <summary>The word after <paramref name="option"/> ("-s" SYMBOL), or null.</summary>
    public string? ValueOf(string option)
    {
        for (int i = 0; i + 1 < Words.Count; i++)
            if (Words[i] == option)
                return Words[i + 1];
        return null;
    }

    /// <summary>The words that are not options (do not start with '-').</summary>
    public IReadOnlyList<string> Arguments => Words.Where(w => w.Length == 0 || w[0] != '-').ToList();

    /// <summary>Splits a line into words: whitespace separates, double quotes group.</summary>
    public static ShellInvocation? Parse(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (!quoted && char.IsWhiteSpace(c))
            {
                if (any)
                    words.Add(word.ToString());
                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }
        if (any)
            words.Add(word.ToString());
        return words.Count == 0 ? null : new ShellInvocation(words[0], words.Skip(1).ToList(), line.Trim());
    }
}
