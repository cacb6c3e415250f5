namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>One member's header, long names and pax records applied.</summary>
/// <param name="Name">The path as the archive gives it (not normalised: messages quote it as it is).</param>
/// <param name="Kind">What it is.</param>
/// <param name="DataSize">Bytes of data that follow the header in the stream.</param>
/// <param name="DeclaredSize">The size the member claims to have: for a sparse file its real (expanded) size, which may be far larger than its data.</param>
/// <param name="LinkTarget">A link's target as the archive gives it; null for other members.</param>
/// <param name="IsSparse">A GNU sparse file (old GNU 'S' header or pax GNU.sparse.* records): its data is a map of holes, not the file's bytes.</param>
internal sealed record TarEntry(string Name, TarEntryKind Kind, long DataSize, long DeclaredSize, string? LinkTarget, bool IsSparse);
