namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>What a lookup of one report path found.</summary>
internal enum SosreportMemberState
{
    /// <summary>Read: <see cref="SosreportMember.Text"/> holds it.</summary>
    Read,
    /// <summary>Neither the member nor a link by that name is in the archive.</summary>
    Absent,
    /// <summary>A link whose target is not in the archive (or not before a hard link to it).</summary>
    Dangling,
    /// <summary>Links that go round, or more of them in a row than a lookup follows.</summary>
    LinkLoop,
    /// <summary>Larger than <see cref="SosreportLimits.MaxParsedMemberBytes"/>: not read.</summary>
    TooLarge,
    /// <summary>A sparse file: its data is a hole map, not its text.</summary>
    Sparse,
}

/// <summary>One member the reader parses, as found.</summary>
/// <param name="Path">The report path asked for (<c>uname</c>).</param>
/// <param name="State">What was found.</param>
/// <param name="Text">The content (UTF-8) when read.</param>
/// <param name="Detail">The link target that was missing, or the size that was too large, for messages.</param>
internal sealed record SosreportMember(string Path, SosreportMemberState State, string? Text, string? Detail)
{
    public bool IsRead => State == SosreportMemberState.Read;
}
