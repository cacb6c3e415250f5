namespace Crashdesk.Core.KnownIssues;

/// <summary>A verdict's name on the wire and in the pages' data attributes (kebab-case, as the API's other enums).</summary>
public static class FixVerdictNames
{
    public static string Of(FixVerdictKind kind) => kind switch
    {
        FixVerdictKind.PredatesFix => "predates-fix",
        FixVerdictKind.HasFix => "has-fix",
        FixVerdictKind.NoFixOnItsLine => "no-fix-on-its-line",
        _ => "unknown",
    };
}
