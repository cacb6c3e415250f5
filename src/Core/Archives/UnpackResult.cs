using System.Text.Json;

namespace Crashdesk.Core.Archives;

/// <summary>
/// What became of an archive's members, kept as JSON on its <c>archive_unpacks</c> row: each member taken
/// (as which artifact), refused (why: its path, its type, a limit) or skipped (why it is no dump, console
/// log or sosreport); counts of all; and why the unpacking stopped early, if it did.
/// </summary>
public sealed record UnpackResult(
    IReadOnlyList<UnpackedMember> Members, int Taken, int Refused, int Skipped, string? Stopped, bool MoreMembersThanListed)
{
    /// <summary>Most members listed one by one; the counts cover them all.</summary>
    public const int MaxListed = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static UnpackResult? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<UnpackResult>(json, Json);

    /// <summary>One line for the case's timeline: "2 taken (vmcore, vmcore-dmesg.txt), 1 refused, 0 skipped".</summary>
    public string Summary(string archiveName)
    {
        var taken = Members.Where(m => m.Outcome == UnpackedMember.TakenOutcome).Select(m => m.Name).Take(5).ToList();
        string names = taken.Count == 0 ? "" : $" ({string.Join(", ", taken)}{(Taken > taken.Count ? ", …" : "")})";
        var refused = Members.Where(m => m.Outcome == UnpackedMember.RefusedOutcome).Take(3).Select(m => $"{m.Name}: {m.Reason}").ToList();
        string why = refused.Count == 0 ? "" : $" ({string.Join("; ", refused)}{(Refused > refused.Count ? "; …" : "")})";
        string line = $"{archiveName}: {Taken} taken{names}, {Refused} refused{why}, {Skipped} skipped" + (Stopped is null ? "" : $"; stopped: {Stopped}");
        return line.Length <= 2000 ? line : line[..1999] + "…";
    }
}

/// <summary>One member: its path in the archive, <see cref="Outcome"/> (taken, refused, skipped), the artifact it became, or why not.</summary>
public sealed record UnpackedMember(string Name, string Outcome, string? Kind, Guid? ArtifactId, long? Size, string? Reason)
{
    public const string TakenOutcome = "taken";
    public const string RefusedOutcome = "refused";
    public const string SkippedOutcome = "skipped";
}

/// <summary>Collects <see cref="UnpackResult"/> while the archive streams.</summary>
internal sealed class UnpackResultBuilder
{
    private readonly List<UnpackedMember> _members = [];
    private int _taken, _refused, _skipped;
    private bool _more;

    public string? Stopped { get; private set; }

    public IEnumerable<UnpackedMember> TakenMembers => _members.Where(m => m.Outcome == UnpackedMember.TakenOutcome);

    public void Taken(string name, string kind, Guid artifactId, long size)
    {
        _taken++;
        // Taken members are always listed: they are the artifacts the archive became.
        _members.Add(new UnpackedMember(name, UnpackedMember.TakenOutcome, kind, artifactId, size, null));
    }

    public void Refused(string name, string reason)
    {
        _refused++;
        Add(new UnpackedMember(name, UnpackedMember.RefusedOutcome, null, null, null, reason));
    }

    public void Skipped(string name, string reason)
    {
        _skipped++;
        Add(new UnpackedMember(name, UnpackedMember.SkippedOutcome, null, null, null, reason));
    }

    public void Stop(string reason) => Stopped ??= reason;

    public UnpackResult Build() => new([.. _members], _taken, _refused, _skipped, Stopped, _more);

    private void Add(UnpackedMember member)
    {
        if (_members.Count < UnpackResult.MaxListed)
            _members.Add(member);
        else
            _more = true;
    }
}
