namespace Crashdesk.Core.Environments;

/// <summary>A fact a source could have given but did not, and why ("dmidecode: /dev/mem: No such file or directory").</summary>
/// <param name="Field">The field's path, e.g. <c>hardware.vendor</c> or <c>packages</c>.</param>
/// <param name="Source">The source that tried (<see cref="FactSources"/>).</param>
/// <param name="Why">What was missing or wrong, in the user's words.</param>
public sealed record FactGap(string Field, string Source, string Why);
