using Crashdesk.Analysis.Tests.Shell;

namespace Crashdesk.Analysis.Tests.Support;

/// <summary>
/// What crash says `kmem -i` is for a fixture dump. The reference files are crash 8.0.2's, which walks
/// every struct page: SHARED is in its table, and SLAB is its count of PG_slab pages (a compound slab
/// counted once). crash 9.0 prints SHARED only for `kmem -i=shared` and takes SLAB from the kernel's
/// counters, as we do; the counters' sum comes from the real crash on the same dump (`p` of
/// vm_node_stat[NR_SLAB_RECLAIMABLE_B] + [NR_SLAB_UNRECLAIMABLE_B]), so every row is crash's.
/// </summary>
public static class CrashKmem
{
    private const string SlabCounters = "p vm_node_stat[NR_SLAB_RECLAIMABLE_B].counter + vm_node_stat[NR_SLAB_UNRECLAIMABLE_B].counter";

    /// <summary>SLAB pages by the kernel's counters, as crash evaluates them on <paramref name="id"/>.</summary>
    public static long SlabPages(string id)
    {
        string printed = CrashReference.Outputs(id, [SlabCounters])[SlabCounters];
        // gdb: "$1 = 4506"
        string value = printed.Split('\n').Single(l => l.StartsWith('$')).Split('=', 2)[1].Trim();
        return long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Asserts that <paramref name="ours"/> (a `kmem -i` table) is crash's for <paramref name="id"/>:
    /// every row of the reference file as it is, the SHARED row only when <paramref name="shared"/>
    /// (`kmem -i=shared`), and the SLAB row's page count the counters' sum.
    /// </summary>
    public static void AssertMatches(string id, string ours, bool shared)
    {
        var expected = File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "crash", "kmem-i.txt")).TrimEnd('\n').Split('\n')
            .Where(l => shared || !IsRow(l, "SHARED")).ToList();
        var actual = ours.TrimEnd('\n').Split('\n');
        Assert.Equal(expected.Count, actual.Length);
        Assert.Contains(expected, l => IsRow(l, "SLAB"));
        for (int i = 0; i < expected.Count; i++)
        {
            if (!IsRow(expected[i], "SLAB"))
            {
                Assert.Equal(expected[i], actual[i]);
                continue;
            }
            Assert.True(IsRow(actual[i], "SLAB"), $"row {i}: expected SLAB, got '{actual[i]}'");
            Assert.Equal(SlabPages(id), long.Parse(actual[i].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static bool IsRow(string line, string label) => line.TrimStart().StartsWith(label + " ", StringComparison.Ordinal);
}
