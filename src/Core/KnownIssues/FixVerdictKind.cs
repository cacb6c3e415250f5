namespace Crashdesk.Core.KnownIssues;

/// <summary>What a case's kernel is, measured against a known issue's fixed-in versions.</summary>
public enum FixVerdictKind
{
    /// <summary>The kernel is older than the fix on its line: the known issue can be what hit it.</summary>
    PredatesFix,

    /// <summary>The kernel is the fix's version or newer: this crash is likely something else.</summary>
    HasFix,

    /// <summary>No fixed-in version is listed for the kernel's line; nothing can be said.</summary>
    NoFixOnItsLine,

    /// <summary>The kernel's release is missing or not readable.</summary>
    Unknown,
}
