namespace Crashdesk.Analysis.Reports;

/// <summary>One extractor that could not run, and why (naming what was wrong and where).</summary>
public sealed record ExtractorFailure(string Extractor, string Message);
