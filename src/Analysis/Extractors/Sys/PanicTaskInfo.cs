namespace Crashdesk.Analysis.Extractors.Sys;

/// <summary>The task crash names under `sys` (PID, COMMAND, TASK, CPU, STATE).</summary>
public sealed record PanicTaskInfo(int Pid, string Comm, ulong Task, int Cpu, string State, string VerboseState);
