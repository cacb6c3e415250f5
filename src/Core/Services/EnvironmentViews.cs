using Crashdesk.Core.Environments;

namespace Crashdesk.Core.Services;

/// <summary>One version of an environment, without its content.</summary>
public sealed record EnvironmentVersionView(int Version, string Source, string Summary, string? AuthorName, DateTimeOffset CreatedAt, int PackageCount);

/// <summary>A named customer environment.</summary>
public sealed record CustomerEnvironmentView(
    Guid Id, string Name, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int LatestVersion, int CaseCount);

/// <summary>
/// An environment at one version: of a case (<see cref="CaseId"/>) or of a customer environment
/// (<see cref="Environment"/> without a case). <see cref="Version"/> is null when nothing was
/// recorded yet (<see cref="Document"/> is then empty).
/// </summary>
public sealed record EnvironmentView(
    Guid? CaseId,
    CustomerEnvironmentView? Environment,
    EnvironmentVersionView? Version,
    int LatestVersion,
    EnvironmentDocument Document);

/// <summary>Which environment: a case's (newest, or a version) or a customer environment's.</summary>
public sealed record EnvironmentRef(Guid? CaseId, Guid? EnvironmentId, int? Version = null)
{
    public static EnvironmentRef OfCase(Guid id, int? version = null) => new(id, null, version);

    public static EnvironmentRef OfEnvironment(Guid id, int? version = null) => new(null, id, version);

    /// <summary>Parses <c>case:{id}[@version]</c> or <c>environment:{id}[@version]</c> (the compare page's and API's form); a bare id is a case.</summary>
    public static bool TryParse(string? text, out EnvironmentRef reference)
    {
        reference = null!;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        text = text.Trim();
        if (Guid.TryParse(text, out var caseId))
        {
            reference = OfCase(caseId);
            return true;
        }
        int colon = text.IndexOf(':');
        if (colon < 0)
            return false;
        var rest = text[(colon + 1)..];
        int? version = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            if (!int.TryParse(rest[(at + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) || v < 1)
                return false;
            version = v;
            rest = rest[..at];
        }
        if (!Guid.TryParse(rest, out var id))
            return false;
        switch (text[..colon])
        {
            case "case": reference = OfCase(id, version); return true;
            case "environment": reference = OfEnvironment(id, version); return true;
            default: return false;
        }
    }

    public override string ToString() =>
        (CaseId is { } c ? $"case:{c}" : $"environment:{EnvironmentId}") + (Version is { } v ? $"@{v}" : "");
}

/// <summary>Two environments side by side and what differs.</summary>
public sealed record EnvironmentComparisonView(
    EnvironmentSide Left, EnvironmentSide Right, Environments.Comparison.EnvironmentComparison Comparison);

/// <summary>One side of a comparison: what it is, for people, and its document.</summary>
public sealed record EnvironmentSide(EnvironmentRef Reference, string Title, int? Version, EnvironmentDocument Document);

/// <summary>The cases that share a case's crash signature and what their environments share.</summary>
public sealed record SharedEnvironmentView(
    string? Signature, IReadOnlyList<EnvironmentCaseView> Cases, Environments.Comparison.EnvironmentConsensus Consensus);

/// <summary>A case as the environment pages list it (a crash's cases, a customer environment's cases).</summary>
public sealed record EnvironmentCaseView(Guid Id, string Title, string Customer, string? KernelRelease, bool HasEnvironment);
