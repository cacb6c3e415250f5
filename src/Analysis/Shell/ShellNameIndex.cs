namespace Crashdesk.Analysis.Shell;

/// <summary>
/// Names sorted once (ordinal) so that completing a prefix is a binary search and a walk of at most
/// <c>max</c> names, not a scan of the kernel's 150 000 symbols per key press.
/// </summary>
public sealed class ShellNameIndex
{
    private readonly string[] _names;

    /// <summary>Indexes <paramref name="names"/> (duplicates removed).</summary>
    public ShellNameIndex(IEnumerable<string> names)
    {
        _names = names.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(_names, StringComparer.Ordinal);
    }

    /// <summary>Number of names.</summary>
    public int Count => _names.Length;

    /// <summary>Up to <paramref name="max"/> names that start with <paramref name="prefix"/>, in ordinal order.</summary>
    public IReadOnlyList<string> StartingWith(string prefix, int max)
    {
        int i = Array.BinarySearch(_names, prefix, StringComparer.Ordinal);
        if (i < 0)
            i = ~i;
        var found = new List<string>();
        for (; i < _names.Length && found.Count < max && _names[i].StartsWith(prefix, StringComparison.Ordinal); i++)
            found.Add(_names[i]);
        return found;
    }
}
