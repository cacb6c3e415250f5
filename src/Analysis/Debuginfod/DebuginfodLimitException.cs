namespace Crashdesk.Analysis.Debuginfod;

/// <summary>
/// A server announced or sent more than <see cref="DebuginfodOptions.MaxBytes"/>. An <see cref="IOException"/>
/// like other transfer failures (callers that only care that it failed need not change), its own type so a
/// caller that retries can tell it apart: asking the same server again gives the same file.
/// </summary>
public sealed class DebuginfodLimitException(string message) : IOException(message);
