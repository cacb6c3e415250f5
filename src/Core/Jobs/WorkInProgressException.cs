namespace Crashdesk.Core.Jobs;

/// <summary>A duplicate fire met a row another worker holds: thrown so Hangfire retries it later.</summary>
public sealed class WorkInProgressException(string message) : Exception(message);
