using Crashdesk.Analysis.Extractors.Tasks;

namespace Crashdesk.Cli.Commands;

/// <summary>`ps --json`: every task plus what %MEM was computed from.</summary>
internal sealed record PsJson(IReadOnlyList<KernelTask> Tasks, long? TotalPages, int PageSize);
