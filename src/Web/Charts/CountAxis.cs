namespace Crashdesk.Web.Charts;

/// <summary>
/// A y axis for counts: a top at a round number and a step of 1, 2 or 5 × 10ⁿ, so there are a few
/// gridlines (at most <see cref="MaxIntervals"/> intervals) at whole numbers.
/// </summary>
public readonly record struct CountAxis(int Top, int Step)
{
    public const int MaxIntervals = 4;

    public static CountAxis For(int max)
    {
        if (max <= 0)
            return new CountAxis(1, 1);
        long step = 1;
        for (int i = 0; (max + step - 1) / step > MaxIntervals; i++)
            step = (i % 3) switch { 0 => step * 2, 1 => step * 5 / 2, _ => step * 2 };
        long top = (max + step - 1) / step * step;
        return new CountAxis((int)top, (int)step);
    }

    /// <summary>The gridline values from 0 to <see cref="Top"/>.</summary>
    public IEnumerable<int> Ticks()
    {
        for (int value = 0; value <= Top; value += Step)
            yield return value;
    }
}
