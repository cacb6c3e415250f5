namespace Crashdesk.Analysis.Matching;

/// <summary>Outcome of checking a debug kernel against a dump.</summary>
public enum MatchVerdict
{
    /// <summary>Same build-id: the debug kernel is the dump's kernel.</summary>
    Match,
    /// <summary>No build-id on one side; release (and banner, if both known) agree. Usable, weaker.</summary>
    ProbableMatch,
    /// <summary>Build-id, release or banner differ: never use this debug kernel for the dump.</summary>
    Mismatch,
    /// <summary>Neither build-id nor release is known on both sides.</summary>
    Unverifiable,
}
