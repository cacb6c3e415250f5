using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Tests.Support;

/// <summary>
/// Lengths at which a fixture dump, cut there, holds some but not all of its kernel log. A longer
/// prefix of a dump file holds a superset of its pages, so the lengths form three runs: no record
/// readable, some, all of crash's `log`. Both edges are found by bisection; the samples lie
/// strictly between them.
/// </summary>
public static class PartialLogCuts
{
    public static long[] Find(byte[] whole, string id, int samples)
    {
        var crash = FixtureDumps.CrashLogLines(id);
        long lastNone = Bisect(0, whole.LongLength, n => Read(whole, n) is null);
        long firstAll = 1 + Bisect(lastNone, whole.LongLength, n => Read(whole, n) is not { } log || !log.IsComplete || !log.ToCrashLines().SequenceEqual(crash));
        Assert.True(firstAll - lastNone > samples + 1, $"{id}: no cut gives a partial log ({lastNone}..{firstAll})");
        return Enumerable.Range(1, samples).Select(k => lastNone + (firstAll - lastNone) * k / (samples + 1)).ToArray();
    }

    /// <summary>The largest length in [<paramref name="lo"/>, <paramref name="hi"/>) for which <paramref name="holds"/> still holds.</summary>
    private static long Bisect(long lo, long hi, Func<long, bool> holds)
    {
        for (int step = 0; step < 64 && hi - lo > 1; step++)
        {
            long mid = lo + (hi - lo) / 2;
            if (holds(mid))
                lo = mid;
            else
                hi = mid;
        }
        return lo;
    }

    /// <summary>The log the cut holds, or null when not one record is readable.</summary>
    private static KernelLog? Read(byte[] whole, long length)
    {
        try
        {
            using var cut = new MemoryByteSource(whole.AsMemory(0, (int)length), "dump");
            return KernelLogExtractor.Extract(KernelTarget.Open(cut));
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException or MemoryNotPresentException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="ours"/> are some of <paramref name="crash"/>'s lines, in crash's order.</summary>
    public static bool IsOrderedSubset(IReadOnlyList<string> ours, IReadOnlyList<string> crash)
    {
        int j = 0;
        foreach (var line in ours)
        {
            while (j < crash.Count && crash[j] != line)
                j++;
            if (j == crash.Count)
                return false;
            j++;
        }
        return true;
    }
}
