namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>A link kept from the archive.</summary>
/// <param name="RawTarget">The target as the archive gives it (<c>../usr/share/zoneinfo/Etc/UTC</c>).</param>
/// <param name="Target">The target as a normalised path from the archive's root.</param>
/// <param name="IsHard">A hard link (its target names another member) rather than a symbolic one.</param>
internal sealed record SosreportLink(string RawTarget, string Target, bool IsHard);
