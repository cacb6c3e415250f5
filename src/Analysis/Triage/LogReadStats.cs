namespace Crashdesk.Analysis.Triage;

/// <summary>What <see cref="LogLineReader"/> read of a log: lines examined, lines cut at the length cap, and whether the line cap stopped it.</summary>
internal readonly record struct LogReadStats(int LinesRead, int LinesCut, bool LineCapReached);
