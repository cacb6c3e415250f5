namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>What lsmod printed: the loaded modules' names, or why it could not list them.</summary>
/// <param name="Names">Module names in lsmod's order (empty when none are loaded, or on failure).</param>
/// <param name="Failure">lsmod's own error, cleaned ("could not open /proc/modules: No such file or directory"); null when it listed.</param>
internal sealed record LsmodListing(IReadOnlyList<string> Names, string? Failure);
