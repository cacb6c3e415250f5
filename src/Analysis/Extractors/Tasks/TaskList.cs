namespace Crashdesk.Analysis.Extractors.Tasks;

/// <summary>Every task of the crashed kernel: idle tasks first (one per CPU), then by PID.</summary>
/// <param name="Tasks">Idle tasks, processes and threads, in crash's `ps` order.</param>
/// <param name="ActiveTasks">runqueues[cpu].curr per CPU index (0 when unknown).</param>
/// <param name="TotalPages">Present RAM pages used for %MEM (sum of node_present_pages); null when they could not be read (the reason is in <paramref name="Warnings"/>).</param>
/// <param name="PageSize">The kernel's page size.</param>
/// <param name="Warnings">Parts of the walk that could not be read (the rest is still listed).</param>
public sealed record TaskList(
    IReadOnlyList<KernelTask> Tasks,
    IReadOnlyList<ulong> ActiveTasks,
    long? TotalPages,
    int PageSize,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// False when a task list could not be followed to its end (a list head, a task_struct or an
    /// idle task not in the dump): <see cref="Tasks"/> is then some of the tasks, and a count of
    /// them is not the kernel's task count.
    /// </summary>
    public bool IsComplete { get; init; } = true;

    /// <summary>The task at <paramref name="address"/>, or null.</summary>
    public KernelTask? FindByAddress(ulong address) => Tasks.FirstOrDefault(t => t.Address == address);

    /// <summary>The task crash calls the panic task: the active task of <paramref name="cpu"/>.</summary>
    public KernelTask? ActiveOn(int cpu) =>
        cpu >= 0 && cpu < ActiveTasks.Count && ActiveTasks[cpu] != 0 ? FindByAddress(ActiveTasks[cpu]) : null;
}
