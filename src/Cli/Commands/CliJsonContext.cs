using System.Text.Json;
using System.Text.Json.Serialization;
using Crashdesk.Analysis.Extractors.Memory;
using Crashdesk.Analysis.Extractors.Sys;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Triage;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// Source-generated JSON for every `--json` output (camelCase, indented, nulls kept). Generated
/// rather than reflected so the CLI can be published NativeAOT, whose start-up (a few ms) is what
/// lets `crashdesk log` compete with makedumpfile's whole process.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AnalysisReport))]
// `crashdesk engine`: the envelope it prints, the limits and the question it is given.
[JsonSerializable(typeof(Crashdesk.Analysis.Engine.EngineEnvelope))]
[JsonSerializable(typeof(Crashdesk.Analysis.AnalysisLimits))]
[JsonSerializable(typeof(Crashdesk.Analysis.Matching.DumpIdentity))]
[JsonSerializable(typeof(DumpSummary))]
[JsonSerializable(typeof(SystemInfo))]
[JsonSerializable(typeof(MemoryInfo))]
[JsonSerializable(typeof(TriageResult))]
[JsonSerializable(typeof(PsJson))]
[JsonSerializable(typeof(ModJson))]
[JsonSerializable(typeof(SymJson))]
[JsonSerializable(typeof(LocksJson))]
// The engine has two HeldLock records (lockdep lines parsed from a log; held_locks[] read from memory):
// name their generated metadata apart.
[JsonSerializable(typeof(Crashdesk.Analysis.Triage.HeldLock), TypeInfoPropertyName = "LogHeldLock")]
[JsonSerializable(typeof(IReadOnlyList<Crashdesk.Analysis.Triage.HeldLock>), TypeInfoPropertyName = "LogHeldLockList")]
[JsonSerializable(typeof(Crashdesk.Analysis.Extractors.Locks.HeldLock), TypeInfoPropertyName = "MemoryHeldLock")]
[JsonSerializable(typeof(IReadOnlyList<Crashdesk.Analysis.Extractors.Locks.HeldLock>), TypeInfoPropertyName = "MemoryHeldLockList")]
internal sealed partial class CliJsonContext : JsonSerializerContext;
