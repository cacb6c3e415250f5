namespace Crashdesk.Analysis.Reports;

/// <summary>A debug kernel the pre-flight check (Matching.KernelMatcher) refused for a dump: its build-id or release is not the dump's.</summary>
/// <param name="FileName">The file name it was uploaded as.</param>
/// <param name="LibraryId">The service's debug-kernel library id, if it has one.</param>
/// <param name="BuildId">Its build-id, if known.</param>
/// <param name="Message">The pre-flight's plain message: "debug kernel build-id X, dump expects Y".</param>
public sealed record DebugKernelMismatch(string FileName, Guid? LibraryId, string? BuildId, string Message);
