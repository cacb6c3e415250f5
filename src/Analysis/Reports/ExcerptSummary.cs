namespace Crashdesk.Analysis.Reports;

/// <summary>What a report made from a dump excerpt read: the dump's name and length, and how much of it the excerpt held.</summary>
public sealed record ExcerptSummary(string DumpFileName, long DumpBytes, long BytesPresent, int Ranges);
