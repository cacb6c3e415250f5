using System.Collections;

namespace Crashdesk.Web.Reports;

/// <summary>
/// The kernel-log lines a panel shows, as their indexes: all of them without storing one (a
/// 200 000-line log would otherwise cost an 800 KB array, on the large-object heap, each time a page
/// opens it), or the ones a filter kept. Read-only; an <see cref="IList{T}"/> so that Virtualize's
/// Skip/Take index into it instead of enumerating from the start.
/// </summary>
public sealed class LineIndexes : IList<int>, IReadOnlyList<int>
{
    private readonly int _all;
    private readonly List<int>? _kept;

    private LineIndexes(int all, List<int>? kept)
    {
        _all = all;
        _kept = kept;
    }

    /// <summary>Every line of a log of <paramref name="count"/> lines.</summary>
    public static LineIndexes All(int count) => new(count, null);

    /// <summary>The lines a filter kept, in order.</summary>
    public static LineIndexes Kept(List<int> indexes) => new(0, indexes);

    public int Count => _kept?.Count ?? _all;

    public bool IsReadOnly => true;

    public int this[int index]
    {
        get => _kept is null
            ? (uint)index < (uint)_all ? index : throw new ArgumentOutOfRangeException(nameof(index))
            : _kept[index];
        set => throw new NotSupportedException();
    }

    public int IndexOf(int item) => _kept is null ? ((uint)item < (uint)_all ? item : -1) : _kept.BinarySearch(item) is var i and >= 0 ? i : -1;

    public bool Contains(int item) => IndexOf(item) >= 0;

    public void CopyTo(int[] array, int arrayIndex)
    {
        for (int i = 0; i < Count; i++)
            array[arrayIndex + i] = this[i];
    }

    public IEnumerator<int> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Add(int item) => throw new NotSupportedException();
    public void Clear() => throw new NotSupportedException();
    public void Insert(int index, int item) => throw new NotSupportedException();
    public bool Remove(int item) => throw new NotSupportedException();
    public void RemoveAt(int index) => throw new NotSupportedException();
}
