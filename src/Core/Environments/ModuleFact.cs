namespace Crashdesk.Core.Environments;

/// <summary>A loaded kernel module.</summary>
/// <param name="Name">Module name (<c>lsmod</c>'s and crash's <c>mod</c> NAME).</param>
/// <param name="Version">Its MODULE_VERSION, when the source knows it (modinfo); null otherwise.</param>
/// <param name="Taints">Its taint letters (kernel/panic.c taint_flags: <c>O</c> out-of-tree, <c>P</c> proprietary, <c>E</c> unsigned), empty when clean; null when the source cannot tell.</param>
public sealed record ModuleFact(string Name, string? Version, string? Taints);
