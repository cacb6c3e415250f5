namespace Crashdesk.Core.Domain;

/// <summary>
/// The case workflow <c>new → triaging → waiting-for-customer → root-caused → closed</c>: which moves
/// are allowed and the wire names. A case goes back and forth between triaging and waiting for the
/// customer; a closed case is reopened into triaging; a case is not root-caused before anyone triaged
/// it, and a new case may be closed straight away (a duplicate, a question).
/// </summary>
public static class CaseWorkflow
{
    private static readonly Dictionary<CaseStatus, CaseStatus[]> _moves = new()
    {
        [CaseStatus.New] = [CaseStatus.Triaging, CaseStatus.WaitingForCustomer, CaseStatus.Closed],
        [CaseStatus.Triaging] = [CaseStatus.WaitingForCustomer, CaseStatus.RootCaused, CaseStatus.Closed],
        [CaseStatus.WaitingForCustomer] = [CaseStatus.Triaging, CaseStatus.RootCaused, CaseStatus.Closed],
        [CaseStatus.RootCaused] = [CaseStatus.Triaging, CaseStatus.Closed],
        [CaseStatus.Closed] = [CaseStatus.Triaging],
    };

    /// <summary>Every status in workflow order.</summary>
    public static IReadOnlyList<CaseStatus> All { get; } = Enum.GetValues<CaseStatus>();

    /// <summary>The statuses a case in <paramref name="from"/> may move to.</summary>
    public static IReadOnlyList<CaseStatus> NextFrom(CaseStatus from) => _moves[from];

    /// <summary>Whether the move is allowed (staying is always allowed: it changes nothing).</summary>
    public static bool CanMove(CaseStatus from, CaseStatus to) => from == to || _moves[from].Contains(to);

    /// <summary>The wire name: <c>new</c>, <c>triaging</c>, <c>waiting-for-customer</c>, <c>root-caused</c>, <c>closed</c>.</summary>
    public static string Name(CaseStatus status) => status switch
    {
        CaseStatus.New => "new",
        CaseStatus.Triaging => "triaging",
        CaseStatus.WaitingForCustomer => "waiting-for-customer",
        CaseStatus.RootCaused => "root-caused",
        CaseStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Parses a wire name; false for anything else.</summary>
    public static bool TryParse(string? name, out CaseStatus status)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    /// <summary>Parses <c>P1</c>…<c>P4</c> (case-insensitive); false for anything else.</summary>
    public static bool TryParsePriority(string? name, out CasePriority priority)
    {
        var trimmed = name?.Trim();
        if (trimmed is { Length: 2 } && trimmed[0] is 'P' or 'p' && trimmed[1] is >= '1' and <= '4')
        {
            priority = (CasePriority)(trimmed[1] - '0');
            return true;
        }
        priority = default;
        return false;
    }
}
