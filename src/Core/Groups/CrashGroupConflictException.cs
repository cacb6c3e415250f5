namespace Crashdesk.Core.Groups;

/// <summary>A move, merge or split that cannot be done as asked (the message says why, for people).</summary>
public sealed class CrashGroupConflictException(string message) : Exception(message);
