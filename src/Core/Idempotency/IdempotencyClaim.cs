using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Idempotency;

/// <summary>What claiming a key found: ours to run, a finished response to replay, a different request, or still running.</summary>
public enum IdempotencyOutcome
{
    Claimed,
    Replay,
    Mismatch,
    InProgress,
}

/// <summary>The outcome and, for <see cref="IdempotencyOutcome.Replay"/>, the stored response.</summary>
public sealed record IdempotencyClaim(IdempotencyOutcome Outcome, IdempotencyRecord? Stored = null);

/// <summary>The response kept for a key: what a retry gets back.</summary>
public sealed record IdempotentResponse(int StatusCode, string? ContentType, string? Location, string? ETag, byte[] Body);
