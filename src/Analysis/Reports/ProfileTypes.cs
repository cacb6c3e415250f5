using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Analysis.Reports;

/// <summary>
/// The types a cached kernel profile must hold for every extractor of <see cref="DumpAnalyzer"/>:
/// <see cref="KernelProfileBuilder.DefaultTypes"/> plus those the task, sys and kmem extractors
/// look up by name (members reached through them come along).
/// </summary>
public static class ProfileTypes
{
    private static readonly string[] _extractors =
    [
        "struct task_struct", "struct signal_struct", "struct mm_struct", "struct mm_rss_stat", "struct task_rss_stat",
        "struct rq", "struct thread_info", "struct pglist_data", "struct zone", "struct timekeeper", "struct percpu_counter",
        "enum zone_stat_item", "enum node_stat_item", "enum vm_event_item", "struct hstate", "struct swap_info_struct",
        "struct address_space", "struct page", "enum pageflags", "struct super_block", "struct inode",
        // Found by name although embedded elsewhere (a profile answers names of root types only): the IST
        // stacks of Unwind/KernelStacks, the run queues' parts of RunQueues.
        "struct cea_exception_stacks", "struct rt_rq", "struct rt_prio_array", "struct sched_entity", "struct sched_rt_entity",
    ];

    /// <summary>Every type name, without duplicates, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } = KernelProfileBuilder.DefaultTypes.Concat(_extractors).Distinct(StringComparer.Ordinal).ToArray();
}
