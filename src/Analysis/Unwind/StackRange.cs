namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// One kernel stack: [<paramref name="Base"/>, <paramref name="Top"/>). <paramref name="Name"/> is
/// crash's label for it ("IRQ", "NMI exception", "DOUBLEFAULT exception", …) or "task".
/// </summary>
/// <param name="Name">Label as crash prints it in `--- &lt;Name stack&gt; ---`.</param>
/// <param name="Base">Lowest address.</param>
/// <param name="Top">One past the highest address.</param>
public sealed record StackRange(string Name, ulong Base, ulong Top)
{
    /// <summary>True when <paramref name="address"/> lies inside.</summary>
    public bool Contains(ulong address) => address >= Base && address < Top;

    /// <summary>True for a task's own stack.</summary>
    public bool IsTask => Name == "task";
}
