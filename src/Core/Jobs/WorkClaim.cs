namespace Crashdesk.Core.Jobs;

/// <summary>What a claim found: the row is ours (attempt N), finished or gone, held by a live worker, or out of attempts.</summary>
public readonly record struct WorkClaim(WorkClaimResult Result, int Attempt)
{
    public static WorkClaim Claimed(int attempt) => new(WorkClaimResult.Claimed, attempt);

    public static readonly WorkClaim Finished = new(WorkClaimResult.Finished, 0);

    public static readonly WorkClaim Busy = new(WorkClaimResult.Busy, 0);

    public static WorkClaim Exhausted(int attempts) => new(WorkClaimResult.Exhausted, attempts);
}

/// <summary>See <see cref="WorkClaim"/>.</summary>
public enum WorkClaimResult
{
    /// <summary>This worker holds the row now.</summary>
    Claimed,
    /// <summary>Done, failed or deleted: nothing to do (a duplicate fire).</summary>
    Finished,
    /// <summary>Another worker holds a live lease on it.</summary>
    Busy,
    /// <summary>Open, but every allowed attempt was used (e.g. a dump that kills its worker each time).</summary>
    Exhausted,
}
