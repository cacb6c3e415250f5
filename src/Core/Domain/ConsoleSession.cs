namespace Crashdesk.Core.Domain;

/// <summary>
/// One person's console on one case (at most one per person and case): the dump it reads
/// (<see cref="ArtifactId"/>, the one the case's newest dump report read) with the library debug kernel that
/// report used, and the worker that holds it open (<see cref="WorkerName"/> while <see cref="LeaseUntil"/>
/// is ahead of now). A worker that stops renewing the lease loses the session to the next one that runs its command.
/// </summary>
public sealed class ConsoleSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public Guid CaseId { get; set; }
    public Guid UserId { get; set; }
    public Guid ArtifactId { get; set; }
    /// <summary>The library debug kernel whose profile the shell loads; null: kallsyms and BTF from the dump.</summary>
    public Guid? DebugKernelId { get; set; }
    public string? WorkerName { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset LastUsedAt { get; set; } = DateTimeOffset.UtcNow;
}
