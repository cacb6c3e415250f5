namespace Crashdesk.Analysis.Matching;

/// <summary>The pre-flight result: a verdict and a sentence for the engineer.</summary>
/// <param name="Verdict">What was found.</param>
/// <param name="Message">Plain statement, e.g. "debug kernel build-id X, dump expects Y".</param>
public sealed record KernelMatchResult(MatchVerdict Verdict, string Message)
{
    /// <summary>True when the debug kernel may be used for the dump.</summary>
    public bool IsUsable => Verdict is MatchVerdict.Match or MatchVerdict.ProbableMatch;
}
