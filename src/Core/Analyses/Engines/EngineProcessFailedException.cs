namespace Crashdesk.Core.Analyses.Engines;

/// <summary>
/// The engine process ended without a report in a way running it again would repeat: it crashed (a signal) or
/// went past one of its limits on this dump. Permanent (<see cref="Jobs.JobFailures.IsPermanent"/>); the message
/// names the uploaded file and what happened, for the person who reads the failed analysis.
/// </summary>
public sealed class EngineProcessFailedException(string message) : Exception(message);
